import ArgumentParser
import MotCuaDomain

/// `motcua calendar …`: the working-day calendar of DOMAIN.md §3–§4.
struct CalendarCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "The working-day calendar: due dates, working days, holidays.",
        subcommands: [Due.self, WorkingDays.self, Holidays.self]
    )

    struct Due: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "The due instant of a dossier received at --from with a limit of --days working days.")

        @Option(help: "The valid-receipt time, RFC 3339 with offset, e.g. 2025-01-24T10:00:00+07:00.")
        var from: String

        @Option(help: "The procedure's time limit in working days (0 = same day).")
        var days: Int

        @OptionGroup var calendar: CalendarOptions

        func validate() throws {
            guard (0...ProcedurePublished.maximumTimeLimitDays).contains(days) else {
                throw ValidationError("--days must be between 0 and \(ProcedurePublished.maximumTimeLimitDays)")
            }
            _ = try parseTimestamp(from, option: "--from")
        }

        func run() throws {
            let received = try parseTimestamp(from, option: "--from")
            let due = Deadlines.due(receivedAt: received.instant, timeLimitDays: days, calendar: try calendar.load())
            print(due.vietnamRFC3339)
        }
    }

    struct WorkingDays: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "working-days",
            abstract: "The number of working days d with FROM < d ≤ TO.")

        @Argument(help: "First date, YYYY-MM-DD (not counted).")
        var from: String

        @Argument(help: "Last date, YYYY-MM-DD (counted).")
        var to: String

        @OptionGroup var calendar: CalendarOptions

        func validate() throws {
            _ = try parseDate(from, argument: "FROM")
            _ = try parseDate(to, argument: "TO")
        }

        func run() throws {
            let count = try calendar.load().workingDays(
                after: try parseDate(from, argument: "FROM"), through: try parseDate(to, argument: "TO"))
            print(count)
        }
    }

    struct Holidays: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Days off on weekdays and Saturdays worked in YEAR: date, kind, name, provisional.")

        @Argument(help: "The year, e.g. 2026.")
        var year: Int

        @OptionGroup var calendar: CalendarOptions

        func validate() throws {
            guard (1900...2199).contains(year) else { throw ValidationError("YEAR must be between 1900 and 2199") }
        }

        func run() throws {
            for day in try calendar.load().specialDays(in: year) {
                let kind = day.kind == .dayOff ? "day-off" : "saturday-worked"
                print("\(day.date)\t\(kind)\t\(day.name)" + (day.provisional ? "\tprovisional" : ""))
            }
        }
    }
}

/// An RFC 3339 timestamp with offset from a command-line value, or a usage error naming the option.
func parseTimestamp(_ text: String, option: String) throws -> Timestamp {
    do {
        return try Timestamp(parsing: text)
    } catch .missingOffset {
        throw ValidationError("\(option) needs a UTC offset (Z or ±HH:MM), e.g. 2025-01-24T10:00:00+07:00")
    } catch .outOfRange {
        throw ValidationError("\(option) must lie between 1677-09-21 and 2262-04-11 (UTC), got \(text)")
    } catch {
        throw ValidationError("\(option) must be an RFC 3339 timestamp like 2025-01-24T10:00:00+07:00, got \(text)")
    }
}

/// A `YYYY-MM-DD` date from a command-line value, or a usage error naming the argument.
func parseDate(_ text: String, argument: String) throws -> LocalDate {
    guard let date = LocalDate(iso: text) else {
        throw ValidationError("\(argument) must be a date YYYY-MM-DD, got \(text)")
    }
    return date
}
