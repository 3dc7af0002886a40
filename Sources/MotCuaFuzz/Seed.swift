import MotCuaDomain
import MotCuaProjections

/// A small catalogue and a few dossiers, so that fuzzed events meet registered agencies, published
/// procedures and existing streams, and reports have something to count.
enum Seed {
    /// The events, in log order.
    static let lines = [
        #"{"id":"00000000-0000-4000-8000-000000000001","type":"AgencyRegistered","occurredAt":"2025-01-02T08:00:00+07:00","data":{"agency":"000.00.20.H26","name":"Sở Tư pháp","level":"province"}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000002","type":"AgencyRegistered","occurredAt":"2025-01-02T08:01:00+07:00","data":{"agency":"000.00.31.H26","name":"UBND phường","level":"commune","parent":"000.00.20.H26"}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000003","type":"ProcedurePublished","occurredAt":"2025-01-02T08:05:00+07:00","data":{"procedure":"1.004227","name":"Lý lịch tư pháp","sector":"TP","field":"LLTP","timeLimitDays":10,"writtenResult":true,"fullOnlineEligible":true}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000004","type":"ProcedurePublished","occurredAt":"2025-01-02T08:06:00+07:00","data":{"procedure":"2.000001","name":"Đất đai","sector":"TNMT","field":"DD","timeLimitDays":0,"writtenResult":false,"fullOnlineEligible":false}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000005","type":"DossierReceived","occurredAt":"2025-01-24T10:00:00+07:00","data":{"dossier":"D-1","procedure":"1.004227","agency":"000.00.20.H26","channel":"online","applicant":"citizen"}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000006","type":"SupplementRequested","occurredAt":"2025-01-27T09:00:00+07:00","data":{"dossier":"D-1"}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000007","type":"DossierReceived","occurredAt":"2025-03-03T16:00:00+07:00","data":{"dossier":"D-2","procedure":"2.000001","agency":"000.00.31.H26","channel":"direct","applicant":"household"}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000008","type":"DossierProcessed","occurredAt":"2025-03-05T10:00:00+07:00","data":{"dossier":"D-2","outcome":"approved","electronicResult":false}}"#,
        #"{"id":"00000000-0000-4000-8000-000000000009","type":"ComplaintReceived","occurredAt":"2025-03-06T10:00:00+07:00","data":{"complaint":"C-1","agency":"000.00.31.H26","channel":"portal","category":"conduct","dossier":"D-2"}}"#,
    ]

    static let events: [EventEnvelope] = lines.map {
        do {
            return try EventEnvelope.decode(json: Array($0.utf8))
        } catch {
            preconditionFailure("seed event does not decode: \(error)")
        }
    }

    /// A validator that has seen the seed events.
    static let validator: LogValidator = {
        var validator = LogValidator(calendar: .builtIn)
        do {
            _ = try validator.apply(events, now: Instant.eventRange.upperBound)
        } catch {
            preconditionFailure("seed events are refused: \(error)")
        }
        return validator
    }()

    /// The KPI projection of the seed events.
    static let projection: KPIProjection = {
        var projection = KPIProjection(calendar: .builtIn)
        for (index, event) in events.enumerated() { projection.apply(event, position: Int64(index + 1)) }
        return projection
    }()
}
