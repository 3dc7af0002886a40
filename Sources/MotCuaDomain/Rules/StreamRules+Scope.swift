extension StreamRules {
    /// Why a center scoped to `scope` may not post `event`, or `nil` when it may.
    ///
    /// DOMAIN.md §2: catalogue streams are posted by an admin; a dossier or complaint stream by the
    /// center of the agency that holds it: the receiving agency, then each transfer's `toAgency`. A
    /// follow-up event of a stream that does not exist is left to `decide` (`streamNotFound`).
    public static func scopeRefusal(_ event: EventEnvelope, head: StreamHead?, scope: Set<Code>) -> EventError? {
        let subject = "\(event.type.streamKind.rawValue) \(event.data.subject)"
        let holder: Code
        let field: String
        switch (event.data, head?.state) {
        case (.dossierReceived(let received), _):
            (holder, field) = (received.agency, "data.agency")
        case (.complaintReceived(let received), _):
            (holder, field) = (received.agency, "data.agency")
        case (_, .dossier(let state)?):
            (holder, field) = (state.agency, "data.dossier")
        case (_, .complaint(let state)?):
            (holder, field) = (state.agency, "data.complaint")
        case (_, nil) where event.type.streamKind == .dossier || event.type.streamKind == .complaint:
            return nil
        default:
            return EventError(
                .outOfScope, field: "type",
                "\(subject): \(event.type.rawValue) is a catalogue event; only an admin token may post it",
                eventID: event.id)
        }
        guard scope.contains(holder) else {
            return EventError(
                .outOfScope, field: field,
                "\(subject) is held by agency \(holder), which this token does not cover "
                    + "(\(scope.map(\.rawValue).sorted().joined(separator: ", ")))",
                eventID: event.id)
        }
        return nil
    }
}
