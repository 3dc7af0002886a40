public import MotCuaDomain
public import MotCuaStore

extension KPIProjection {
    /// The checkpoint name in the store.
    public static let checkpointName = "kpi"

    /// What a checkpoint stores: the facts and the position; indexes are rebuilt on load.
    package struct Snapshot {
        package var position: Int64
        var calendarVersion: String
        var agencies: [Code: AgencyFacts]
        var procedures: [Code: ProcedureFacts]
        var dossiers: [DossierFacts]
        var complaints: [ComplaintFacts]
    }

    /// The projection's checkpoint.
    public func checkpoint() -> ProjectionCheckpoint {
        let snapshot = Snapshot(
            position: position, calendarVersion: calendar.version, agencies: agencies, procedures: procedures,
            dossiers: dossiers, complaints: complaints)
        return ProjectionCheckpoint(
            name: Self.checkpointName, version: Self.version, position: position,
            state: SnapshotCodec.encode(snapshot))
    }

    /// The projection a checkpoint holds, or `nil` when it was made by another projection version or
    /// with another calendar (due dates would differ): the caller then rebuilds from the log.
    public init?(checkpoint: ProjectionCheckpoint, calendar: WorkingCalendar) throws {
        guard checkpoint.name == Self.checkpointName, checkpoint.version == Self.version else { return nil }
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotCodec.decode(checkpoint.state)
        } catch {
            throw EventStoreError(
                .corrupt, "the stored checkpoint is damaged: projection_checkpoints \(checkpoint.name): \(error)")
        }
        guard snapshot.calendarVersion == calendar.version, snapshot.position == checkpoint.position else {
            return nil
        }
        self.init(calendar: calendar)
        position = snapshot.position
        agencies = snapshot.agencies
        procedures = snapshot.procedures
        dossiers = snapshot.dossiers
        complaints = snapshot.complaints
        dossierIndex.reserveCapacity(dossiers.count)
        complaintIndex.reserveCapacity(complaints.count)
        for (index, facts) in dossiers.enumerated() {
            dossierIndex[facts.code] = index
            dossierDays.received(index, at: facts.receivedAt)
            if let end = facts.endedAt { dossierDays.ended(index, receivedAt: facts.receivedAt, at: end) }
        }
        for (index, facts) in complaints.enumerated() {
            complaintIndex[facts.code] = index
            complaintDays.received(index, at: facts.receivedAt)
            if let end = facts.finishedAt { complaintDays.ended(index, receivedAt: facts.receivedAt, at: end) }
        }
    }
}
