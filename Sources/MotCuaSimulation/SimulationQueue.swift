/// The simulator's priority queue: a binary min-heap of pending events, one per stream in flight.
///
/// An entry is ordered by its time, then by its rank: catalogue entries rank before dossier and
/// complaint entries of the same second, and among equals the earlier push wins, so the output order
/// is a pure function of the seed.
struct SimulationQueue {
    /// A pending event: when, in which order among equals, and which stream (or catalogue entry).
    struct Entry {
        /// Epoch seconds of the event.
        let at: Int64
        /// Tie-break among equal times.
        let rank: UInt64
        /// A stream slot when `>= 0`, else the catalogue entry `-1 - slot`.
        let slot: Int32

        func precedes(_ other: Entry) -> Bool {
            at != other.at ? at < other.at : rank < other.rank
        }
    }

    private var entries: [Entry] = []

    /// Number of pending entries.
    var count: Int { entries.count }

    /// The earliest entry, if any.
    var first: Entry? { entries.first }

    /// Adds an entry.
    mutating func push(_ entry: Entry) {
        entries.append(entry)
        var child = entries.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard entries[child].precedes(entries[parent]) else { break }
            entries.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest entry.
    mutating func pop() -> Entry? {
        guard let top = entries.first else { return nil }
        let last = entries.removeLast()
        if !entries.isEmpty {
            entries[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                guard left < entries.count else { break }
                var child = left
                if left + 1 < entries.count, entries[left + 1].precedes(entries[left]) { child = left + 1 }
                guard entries[child].precedes(entries[parent]) else { break }
                entries.swapAt(child, parent)
                parent = child
            }
        }
        return top
    }
}
