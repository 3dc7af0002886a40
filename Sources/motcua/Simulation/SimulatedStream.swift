/// A dossier or complaint in flight: its code and its planned events, of which `next` is the one
/// waiting in the queue. Events are planned whole at receipt, in non-decreasing time.
struct SimulatedStream {
    /// One planned event and its time.
    struct Step {
        /// Epoch seconds.
        let at: Int64
        let event: SimulatedEvent
    }

    /// The dossier or complaint code.
    let code: String
    /// The planned events, in the order they will be written.
    let steps: [Step]
    /// Index of the next event to write.
    var next = 0
}
