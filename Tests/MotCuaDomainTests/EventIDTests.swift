import MotCuaDomain
import Testing

@Suite("EventID")
struct EventIDTests {
    /// The 16 bytes stores keep are the UUID's bytes in text order; they read back to the same id.
    @Test("an id's 16 bytes are its UUID's, in order, and read back")
    func bytesRoundTrip() throws {
        let id = try #require(EventID("00112233-4455-6677-8899-aabbccddeeff"))
        #expect(
            id.bytes == [
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
            ])
        #expect(EventID(bytes: id.bytes) == id)
        #expect(EventID(bytes: id.bytes[...].dropFirst()) == nil)
        #expect(EventID(bytes: id.bytes + [0]) == nil)
    }
}
