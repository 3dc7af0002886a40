import MotCuaDomain

/// A dossier or complaint in flight: its planned events not yet emitted. Events are planned whole at
/// receipt, in non-decreasing time.
struct SimulatedStream {
    /// One planned event and its time.
    struct Step {
        /// Epoch seconds.
        let at: Int64
        let data: EventData
    }

    /// The events still to emit, the next one last: emitting one moves it out of the array instead of
    /// copying it (and its strings' references).
    private var pending: [Step]

    /// A stream whose events are `steps`, in the order they will be emitted.
    init(steps: consuming [Step]) {
        pending = steps
        pending.reverse()
    }

    /// The time of the next event, if any is left.
    var nextAt: Int64? { pending.last?.at }

    /// Removes and returns the next event; there must be one.
    mutating func removeNext() -> Step {
        pending.removeLast()
    }
}
