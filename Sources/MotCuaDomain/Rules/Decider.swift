/// The one decision of DOMAIN.md §2 for the events of a batch, shared by every path that accepts events:
/// `check` and `replay` (`LogValidator`, nothing stored beneath) and the writer's transaction (the store
/// beneath). Each caller keeps its own staged overlay (what the batch and its group changed over what is
/// committed) and asks this for every event, in order: expected versions first, then idempotency by id
/// and content, agency scope, `decide` and `evolve`.
package enum Decider {
    /// What is known of an event's id before it: accepted earlier, with the same content or not.
    package struct Prior: Sendable {
        /// Whether the earlier event has the same canonical bytes.
        package let sameContent: Bool
        /// Its log position, when it is stored (for the message).
        package let position: Int64?

        package init(sameContent: Bool, position: Int64? = nil) {
            self.sameContent = sameContent
            self.position = position
        }
    }

    /// What the batch does with one event.
    package enum Outcome: Sendable {
        /// Appended: its stream's state after it.
        case appended(StreamHead)
        /// The same id with the same content was accepted before: acknowledged, not appended again.
        case duplicate
    }

    /// Checks a batch's expected versions (0: the stream has no events) against the state before it.
    package static func checkExpectedVersions(
        _ expected: [StreamID: Int], of events: [EventEnvelope], heads: some StreamHeadLookup
    ) throws(LogValidator.BatchError) {
        guard !expected.isEmpty else { return }
        for (stream, version) in expected.sorted(by: { $0.key < $1.key }) {
            let actual = heads.head(stream)?.version ?? 0
            guard actual == version else {
                throw LogValidator.BatchError(
                    index: events.firstIndex { $0.stream == stream } ?? 0,
                    error: EventError(
                        .versionMismatch, field: nil,
                        "\(stream): expected version \(version), but the stream is at version \(actual)"))
            }
        }
    }

    /// Decides the `index`-th event of a batch, given what is known of its id (`prior`) and the stream
    /// states it sees (`heads`: the batch's own changes over the group's over the log).
    ///
    /// An event already accepted with the same content is a duplicate, acknowledged without the scope or
    /// the rules (an idempotent retry); with other content it is `idConflict`. A center's `scope` is
    /// checked before the rules.
    package static func decide(
        _ event: EventEnvelope, at index: Int, prior: Prior?, heads: some StreamHeadLookup, scope: Set<Code>?,
        now: Instant, calendar: WorkingCalendar
    ) throws(LogValidator.BatchError) -> Outcome {
        if let prior {
            guard prior.sameContent else {
                let earlier = prior.position.map { "recorded at position \($0)" } ?? "accepted"
                throw LogValidator.BatchError(
                    index: index,
                    error: EventError(
                        .idConflict, field: "id", "event \(event.id) was already \(earlier) with other content",
                        eventID: event.id))
            }
            return .duplicate
        }
        let head = heads.head(event.stream)
        if let scope, let refusal = StreamRules.scopeRefusal(event, head: head, scope: scope) {
            throw LogValidator.BatchError(index: index, error: refusal)
        }
        do {
            try StreamRules.decide(event, head: head, catalogue: heads, now: now)
        } catch {
            throw LogValidator.BatchError(index: index, error: error)
        }
        return .appended(StreamRules.evolve(head, event, catalogue: heads, calendar: calendar))
    }
}
