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
        var codes: CodeTable
        var dossiers: MemberTable<DossierRow>
        var complaints: MemberTable<ComplaintRow>
        var complaintNamed: [Int32: Int64]
        var complaintNamedCodes: [Code: Int64]
    }

    /// The projection's checkpoint.
    public func checkpoint() -> ProjectionCheckpoint {
        let snapshot = Snapshot(
            position: position, calendarVersion: calendar.version, agencies: agencies, procedures: procedures,
            codes: codes, dossiers: dossiers, complaints: complaints, complaintNamed: complaintNamed,
            complaintNamedCodes: complaintNamedCodes)
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
        codes = snapshot.codes
        dossiers = snapshot.dossiers
        complaints = snapshot.complaints
        complaintNamed = snapshot.complaintNamed
        complaintNamedCodes = snapshot.complaintNamedCodes
        let (dossierRows, complaintRows) = (dossiers.rows, complaints.rows)
        dossierDays = DayIndex(
            count: dossierRows.count, receivedAt: { dossierRows[$0].receivedAt }, endedAt: { dossierRows[$0].endedAt })
        complaintDays = DayIndex(
            count: complaintRows.count, receivedAt: { complaintRows[$0].receivedAt },
            endedAt: { complaintRows[$0].finishedAt })
    }
}
