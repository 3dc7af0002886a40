extension EventData {
    /// The catalogue streams whose state the rules read to decide this event (agencies and procedures
    /// it names), so that a store can load them before deciding.
    public var references: [StreamID] {
        switch self {
        case .agencyRegistered(let e): e.parent.map { [StreamID(.agency, $0)] } ?? []
        case .agencySucceeded(let e): [StreamID(.agency, e.successor)]
        case .dossierReceived(let e): [StreamID(.procedure, e.procedure), StreamID(.agency, e.agency)]
        case .dossierTransferred(let e): [StreamID(.agency, e.toAgency)]
        case .complaintReceived(let e):
            [StreamID(.agency, e.agency)] + (e.procedure.map { [StreamID(.procedure, $0)] } ?? [])
        case .complaintTransferred(let e): [StreamID(.agency, e.toAgency)]
        default: []
        }
    }
}
