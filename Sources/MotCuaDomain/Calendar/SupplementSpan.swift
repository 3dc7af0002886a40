/// A request for the applicant to supplement a dossier, during which processing time is paused.
public struct SupplementSpan: Sendable, Hashable {
    /// When the supplement was requested.
    public var requested: Instant
    /// When the applicant provided it; `nil` while still awaited.
    public var provided: Instant?

    /// A supplement requested at `requested` and provided at `provided` (nil if still awaited).
    public init(requested: Instant, provided: Instant? = nil) {
        self.requested = requested
        self.provided = provided
    }
}
