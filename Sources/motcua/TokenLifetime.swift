/// How long a token lives, as `token create --expires` takes it: a positive whole number and one unit,
/// `d` (days of 24 hours), `h`, `m` or `s`, with nothing between or around them (`90d`, `12h`, `30m`, `45s`).
struct TokenLifetime: Equatable {
    /// The length in seconds.
    let seconds: Int64

    /// The longest lifetime accepted: 100 years of days (an expiry far beyond it is no expiry at all).
    static let maximumSeconds: Int64 = 36_500 * 86_400

    /// What `--expires` says when its value is refused.
    static let usage =
        "--expires must be a positive whole number and one unit, d, h, m or s (e.g. 90d, 12h, 30m, 45s), at most 36500d"

    /// Parses `text`; `nil` for anything else than digits and one unit, zero, or more than `maximumSeconds`.
    init?(_ text: String) {
        let units: [Character: Int64] = ["d": 86_400, "h": 3_600, "m": 60, "s": 1]
        guard let unit = text.last.flatMap({ units[$0] }) else { return nil }
        let digits = text.dropLast()
        guard !digits.isEmpty, digits.count <= 12, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            let count = Int64(digits), count > 0, count <= TokenLifetime.maximumSeconds / unit
        else { return nil }
        seconds = count * unit
    }
}
