import MotCuaDomain
import Testing

@Suite struct HashingTests {
    @Test func wordsFoldsEightBytesAStepThenTheTailLittleEndian() {
        let bytes: [UInt8] = Array(1...11)
        let first = UInt64(0x0807_0605_0403_0201)
        let tail = UInt64(0x0B_0A09)
        let expected = Hashing.mix(Hashing.mix(42 ^ first) ^ tail)
        #expect(bytes.withUnsafeBytes { Hashing.words($0, seed: 42) } == expected)
        // An empty text is the seed mixed once; a zero byte more is another value (the length decides).
        #expect([UInt8]().withUnsafeBytes { Hashing.words($0, seed: 7) } == Hashing.mix(7))
        #expect(LogValidator.digest([0]) != LogValidator.digest([]))
        #expect(LogValidator.digest(Array("a".utf8)) != LogValidator.digest(Array("b".utf8)))
    }

    @Test func fnv1aMatchesTheReferenceVectors() {
        // From the FNV reference (draft-eastlake-fnv): "" and "a", 64-bit FNV-1a.
        #expect(Hashing.fnv1a([]) == 0xCBF2_9CE4_8422_2325)
        #expect(Hashing.fnv1a(Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
        #expect(Hashing.fnv1a(Array("foobar".utf8)) == 0x8594_4171_F739_67E8)
    }
}
