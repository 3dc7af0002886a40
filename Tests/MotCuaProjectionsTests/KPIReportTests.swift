import Foundation
import MotCuaDomain
import Testing

@testable import MotCuaProjections

@Suite("KPI report renderings and filters")
struct KPIReportTests {
    static let projection = KPIProjectionTests.projection(KPIProjectionTests.history)

    @Test("--agency keeps exactly that agency's group")
    func agencyFilter() throws {
        let grouped = Self.projection.report(try KPIProjectionTests.query("2025-Q1", by: .agency))
        for group in grouped.groups {
            var query = try KPIProjectionTests.query("2025-Q1", by: nil)
            query.agency = Code(group.key)
            let only = Self.projection.report(query)
            #expect(only.total == group.counts, "\(group.key)")
        }
        #expect(grouped.groups.map(\.key) == ["A1", "A2"])
        #expect(grouped.groups.map(\.counts.received).reduce(0, +) == grouped.total.received)
    }

    /// One agency's total scores like that agency's group: 3.1 and 3.2 over its own procedures, not the
    /// whole catalogue (which the unfiltered total uses).
    @Test("a report kept to one agency scores its total as that agency's group")
    func agencyScores() throws {
        let projection = KPIProjectionTests.projection(KPIProjectionTests.everyFact)
        let grouped = projection.report(try KPIProjectionTests.query("2025-Q2", by: .agency))
        #expect(!grouped.groups.isEmpty)
        for group in grouped.groups {
            var query = try KPIProjectionTests.query("2025-Q2", by: nil)
            query.agency = Code(group.key)
            let only = projection.report(query)
            #expect(only.scores == group.scores, "\(group.key)")
            #expect(only.procedures.procedures == grouped.procedures.procedures, "the catalogue counts stay")
        }
        // The unfiltered total keeps the whole catalogue: in Q1, P1 is published and not yet online (0 of 1).
        let q1 = projection.report(try KPIProjectionTests.query("2025-Q1", by: nil))
        #expect(q1.procedures.procedures == 1 && q1.procedures.onlineServices == 0)
        #expect(q1.scores.indicators.first { $0.number == "3.1" }?.ratio == 0)
    }

    @Test("CSV: a header, one row per group, then total; rates unrounded, empty when null")
    func csv() throws {
        let report = Self.projection.report(try KPIProjectionTests.query("2025-Q1", by: .agency))
        let lines = report.csv.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        #expect(lines.count == 1 + report.groups.count + 1)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(header.first == "agency" && header.contains("onTimeRate") && header.last == "points766")
        let total = lines.last!.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(total.count == header.count && total[0] == "total")
        let received = try #require(header.firstIndex(of: "received"))
        #expect(total[received] == String(report.total.received))
        let onTime = try #require(header.firstIndex(of: "onTimeRate"))
        #expect(total[onTime] == "0.5")
        let complaintRate = try #require(header.firstIndex(of: "complaintOnTimeRate"))
        #expect(lines[1].split(separator: ",", omittingEmptySubsequences: false)[complaintRate].isEmpty == false)
    }

    @Test("the table has Vietnamese headings, a total row and percentages")
    func table() throws {
        let report = Self.projection.report(try KPIProjectionTests.query("2025-Q1", by: .agency))
        let text = report.table
        #expect(text.hasPrefix("Báo cáo 2025-Q1 (kỳ báo cáo, 2024-12-15 – 2025-03-14)"))
        #expect(text.contains("Cơ quan") && text.contains("Tiếp nhận") && text.contains("Đúng hạn %"))
        let total = try #require(text.split(separator: "\n").first { $0.hasPrefix("Tổng") })
        #expect(total.contains("50.00"))
        let empty = KPIProjection(calendar: .builtIn).report(try KPIProjectionTests.query("2025-Q1", by: nil))
        #expect(empty.table.contains("—"))
        #expect(empty.json.contains("\"onTimeRate\":null"))
    }
}
