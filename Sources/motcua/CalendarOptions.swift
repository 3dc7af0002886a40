import ArgumentParser
import Foundation
import MotCuaDomain

/// `--calendar FILE`: extra holiday notices on top of the built-in ones.
struct CalendarOptions: ParsableArguments {
    @Option(name: .customLong("calendar"), help: "A JSON file of extra holiday notices (see README).")
    var noticesFile: String?

    /// The built-in calendar, plus the notices of `--calendar` when given.
    func load() throws -> WorkingCalendar {
        guard let noticesFile else { return .builtIn }
        guard let data = FileManager.default.contents(atPath: noticesFile) else {
            throw CommandFailure("cannot read calendar file \(noticesFile)")
        }
        do {
            return WorkingCalendar.builtIn.adding(try WorkingCalendar.notices(fromJSON: Array(data)))
        } catch {
            throw CommandFailure("calendar file \(noticesFile): \(error)")
        }
    }
}
