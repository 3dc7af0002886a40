import Foundation
import MotCuaDomain

/// Catalogue codes (agencies, procedures) interned as small integers, so that a dossier row stores 4 bytes
/// for each instead of a `String`. Ids are given in order of first use and never change.
struct CodeTable: Sendable {
    private(set) var codes: [Code] = []
    private var ids: [Code: UInt32] = [:]

    /// The id of `code`, given now if it has none.
    mutating func intern(_ code: Code) -> UInt32 {
        if let id = ids[code] { return id }
        let id = UInt32(codes.count)
        codes.append(code)
        ids[code] = id
        return id
    }

    subscript(id: UInt32) -> Code { codes[Int(id)] }
}

/// Unique member codes (of dossiers or complaints) stored end to end in one byte array and found through
/// an open-addressing table of row numbers: about 40 bytes a code, where a `[Code: Int]` entry and its
/// string take about 100.
struct CodeColumn: Sendable {
    /// The codes' bytes, end to end.
    private(set) var bytes: [UInt8] = []
    /// Where each code ends in `bytes`.
    private(set) var ends: [UInt32] = []
    /// Row + 1 of the code whose hash probes here first, or 0; a power of two long, at most half full.
    private var slots: [UInt32] = []

    init() {}

    /// A column of the codes `bytes` holds, ending at `ends` (a checkpoint's), or `nil` when they are not
    /// increasing, a code is not one, or a code appears twice.
    init?(bytes: [UInt8], ends: [UInt32]) {
        guard ends.last.map({ Int($0) == bytes.count }) ?? bytes.isEmpty else { return nil }
        self.bytes = bytes
        self.ends = ends
        var start = 0
        for end in ends {
            guard start < Int(end), Int(end) <= bytes.count, Code.isValid(utf8: bytes[start..<Int(end)]) else {
                return nil
            }
            start = Int(end)
        }
        guard rebuildSlots() else { return nil }
    }

    var count: Int { ends.count }

    /// The row of `code`, if it was appended.
    func row(of code: Code) -> Int? {
        guard !slots.isEmpty else { return nil }
        var text = code.rawValue
        return text.withUTF8 { probe($0).found }
    }

    /// Appends `code` as the next row; a code appended again is found at its new row.
    mutating func append(_ code: Code) {
        if (ends.count + 1) * 2 > slots.count {
            slots = Array(repeating: 0, count: Self.capacity(for: max(ends.count + 1, 8)))
            _ = rebuildSlots()
        }
        var text = code.rawValue
        let slot = text.withUTF8 { probe($0).slot }
        bytes += code.rawValue.utf8
        ends.append(UInt32(bytes.count))
        slots[slot] = UInt32(ends.count)
    }

    subscript(row: Int) -> Code {
        // Every code was checked when appended or loaded.
        Code(utf8: bytes[start(of: row)..<Int(ends[row])])!
    }

    private func start(of row: Int) -> Int { row == 0 ? 0 : Int(ends[row - 1]) }

    /// The slot where `code`'s probe stops, and the row there when it holds `code`.
    private func probe(_ code: UnsafeBufferPointer<UInt8>) -> (slot: Int, found: Int?) {
        bytes.withUnsafeBufferPointer { stored in
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: Self.hash(code)) & mask
            while slots[slot] != 0 {
                let row = Int(slots[slot]) - 1
                let start = start(of: row)
                if Int(ends[row]) - start == code.count,
                    code.count == 0 || memcmp(stored.baseAddress! + start, code.baseAddress!, code.count) == 0
                {
                    return (slot, row)
                }
                slot = (slot + 1) & mask
            }
            return (slot, nil)
        }
    }

    /// Fills `slots` (sized for `count`) with every row; false when a code appears twice.
    private mutating func rebuildSlots() -> Bool {
        if slots.count < ends.count * 2 || slots.isEmpty {
            slots = Array(repeating: 0, count: Self.capacity(for: count))
        }
        var distinct = true
        bytes.withUnsafeBufferPointer { stored in
            for row in ends.indices {
                let start = start(of: row)
                let (slot, found) = probe(UnsafeBufferPointer(rebasing: stored[start..<Int(ends[row])]))
                if found != nil { distinct = false }
                slots[slot] = UInt32(row + 1)
            }
        }
        return distinct
    }

    /// A hash of a code's bytes, eight at a time.
    private static func hash(_ code: UnsafeBufferPointer<UInt8>) -> UInt64 {
        Hashing.words(UnsafeRawBufferPointer(code), seed: UInt64(code.count))
    }

    /// The smallest power of two at least twice `count` (and 16).
    private static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity < count * 2 { capacity <<= 1 }
        return capacity
    }
}
