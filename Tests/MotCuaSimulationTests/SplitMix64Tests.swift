import MotCuaSimulation
import Testing

@Suite("SplitMix64")
struct SplitMix64Tests {
    /// The reference implementation's first outputs for seed 0 (Vigna, splitmix64.c): the simulator's
    /// bytes depend on every one of them.
    @Test func referenceSequence() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xe220_a839_7b1d_cdaf)
        #expect(generator.next() == 0x6e78_9e6a_a1b9_65f4)
        #expect(generator.next() == 0x06c4_5d18_8009_454f)
    }

    @Test("draws stay within their ranges and reach both ends")
    func ranges() {
        var generator = SplitMix64(seed: 2026)
        var seen: Set<Int> = []
        for _ in 0..<1000 {
            let value = generator.int(3...7)
            #expect((3...7).contains(value))
            seen.insert(value)
            let unit = generator.unit()
            #expect(unit >= 0 && unit < 1)
        }
        #expect(seen == Set(3...7))
    }
}
