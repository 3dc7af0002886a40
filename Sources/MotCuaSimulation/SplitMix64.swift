/// SplitMix64 (Steele, Lea and Flood, 2014): a small, fast, seeded generator.
///
/// The simulator never uses `SystemRandomNumberGenerator` or the clock, and never the standard
/// library's `random(in:using:)` (whose algorithm may change between Swift versions): the same seed
/// gives the same bytes on every platform and toolchain.
package struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose sequence is fixed by `seed`.
    package init(seed: UInt64) {
        state = seed
    }

    /// The next 64 bits of the sequence.
    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent generator seeded from this one, for a separate concern (arrivals, ids, …).
    package mutating func split() -> SplitMix64 {
        SplitMix64(seed: next())
    }

    /// A uniform value in `[0, 1)` with 53 random bits.
    package mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// `true` with probability `p`.
    package mutating func chance(_ p: Double) -> Bool {
        unit() < p
    }

    /// A uniform integer in `range` (the modulo bias is below 2⁻⁴⁰ for the small ranges used here).
    package mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// A uniform 64-bit integer in `range`.
    package mutating func int64(_ range: ClosedRange<Int64>) -> Int64 {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int64(next() % width)
    }

    /// One element of a non-empty array, uniformly.
    package mutating func pick<Element>(_ elements: [Element]) -> Element {
        elements[int(0...(elements.count - 1))]
    }

    /// An index drawn with the given probabilities (the last absorbs rounding).
    package mutating func index(weights: [Double]) -> Int {
        var u = unit()
        for (i, weight) in weights.enumerated() {
            if u < weight { return i }
            u -= weight
        }
        return weights.count - 1
    }
}
