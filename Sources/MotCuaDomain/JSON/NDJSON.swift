/// NDJSON, one JSON text a line: how every reader of event lines (`motcua import`, `check`, `replay`,
/// `POST /v1/events` with `application/x-ndjson`) cuts and trims them, so that they all agree on what a
/// line is.
///
/// Lines end with `\n`; a `\r` before it is dropped (files written on Windows); a line of nothing but
/// spaces and tabs is blank and skipped; the last line needs no line break.
package enum NDJSON {
    /// The event a line holds, without a final `\r`, or `nil` for a blank line. `line` comes without its
    /// `\n`.
    package static func event(in line: ArraySlice<UInt8>) -> ArraySlice<UInt8>? {
        var line = line
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        return line.allSatisfy { $0 == 0x20 || $0 == 0x09 } ? nil : line
    }

    /// The events of a whole text, in order, each with its line number (from 1).
    package static func events(in bytes: [UInt8]) -> [(line: Int, event: ArraySlice<UInt8>)] {
        var events: [(line: Int, event: ArraySlice<UInt8>)] = []
        var start = bytes.startIndex
        var number = 1
        while start < bytes.endIndex {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            if let event = event(in: bytes[start..<end]) { events.append((number, event)) }
            start = end + 1
            number += 1
        }
        return events
    }
}
