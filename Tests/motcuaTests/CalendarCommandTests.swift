import Foundation
import Testing

@Suite("motcua calendar and period")
struct CalendarCommandTests {
    @Test(
        "calendar due prints the due instant at +07:00",
        arguments: [
            ("2025-01-24T10:00:00+07:00", "5", "2025-02-07T17:00:00+07:00"),
            ("2025-01-24T18:30:00+07:00", "5", "2025-02-10T17:00:00+07:00"),
            ("2025-01-24T03:00:00Z", "5", "2025-02-07T17:00:00+07:00"),
            ("2026-11-20T09:00:00+07:00", "2", "2026-11-25T17:00:00+07:00"),
        ])
    func due(from: String, days: String, expected: String) async throws {
        let result = try await CommandRunner.run(["calendar", "due", "--from", from, "--days", days])
        #expect(result.status == 0)
        #expect(result.stdout == expected + "\n")
    }

    @Test("calendar working-days counts FROM < d ≤ TO")
    func workingDays() async throws {
        let result = try await CommandRunner.run(["calendar", "working-days", "2025-01-20", "2025-02-12"])
        #expect(result.status == 0)
        #expect(result.stdout == "12\n")
    }

    @Test("calendar holidays lists days off and Saturdays worked with their kind and name")
    func holidays() async throws {
        let result = try await CommandRunner.run(["calendar", "holidays", "2026"])
        #expect(result.status == 0)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.contains("2026-11-24\tday-off\tNgày Văn hóa Việt Nam"))
        #expect(lines.contains { $0.hasPrefix("2026-01-10\tsaturday-worked\t") })
        #expect(!lines.contains { $0.hasSuffix("provisional") })
        let provisional = try await CommandRunner.run(["calendar", "holidays", "2027"])
        #expect(provisional.stdout.contains("2027-04-16\tday-off\tGiỗ Tổ Hùng Vương\tprovisional"))
    }

    @Test(
        "period prints the first and last day",
        arguments: [
            (["period", "2025-Q1"], "2024-12-15 2025-03-14"),
            (["period", "2025-Q1", "--basis", "calendar"], "2025-01-01 2025-03-31"),
            (["period", "2025-9M"], "2024-12-15 2025-09-14"),
            (["period", "2025-01-01..2025-03-31"], "2025-01-01 2025-03-31"),
        ])
    func period(arguments: [String], expected: String) async throws {
        let result = try await CommandRunner.run(arguments)
        #expect(result.status == 0)
        #expect(result.stdout == expected + "\n")
    }

    @Test(
        "bad usage exits 2 and says what is wrong",
        arguments: [
            (["calendar", "due", "--from", "2025-01-24T10:00:00", "--days", "5"], "UTC offset"),
            (["calendar", "due", "--from", "2025-01-24T10:00:00+07:00", "--days", "-1"], "--days"),
            (["calendar", "working-days", "2025-01-20", "2025-02-30"], "TO must be a date"),
            (["period", "2025-Q5"], "Q1–Q4"),
            (["period", "2025-Q1", "--basis", "fiscal"], "--basis"),
        ])
    func usage(arguments: [String], fragment: String) async throws {
        let result = try await CommandRunner.run(arguments)
        #expect(result.status == 2)
        #expect(result.stderr.contains(fragment))
        #expect(result.stdout.isEmpty)
    }
}
