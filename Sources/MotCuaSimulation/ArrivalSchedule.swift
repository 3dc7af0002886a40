import MotCuaDomain

/// Receipt times of `total` dossiers or complaints spread over a range of days, produced lazily in
/// non-decreasing order: only one day's times are held at once.
///
/// Each day gets its share of the total by weight (working days weigh more, Mondays most), exactly
/// `total` in all. Within a day the times are stratified draws through the inverse of the day's
/// time-of-day profile, so they come out sorted without sorting.
struct ArrivalSchedule {
    /// What arrives: the weights and time-of-day profiles differ.
    enum Kind {
        /// Dossiers: mostly 07:30–17:00 on working days, some evenings; few (online) on days off.
        case dossiers
        /// Complaints: portal and hotline, 07:00–22:00, also on days off.
        case complaints
    }

    private let kind: Kind
    private let total: Int
    private let first: LocalDate
    private let working: [Bool]
    private let cumulative: [Double]
    private var random: SplitMix64
    private var day = -1
    private var assigned = 0
    private var times: [Int64] = []
    private var position = 0

    /// A schedule of `total` arrivals over `first...last`.
    init(kind: Kind, total: Int, first: LocalDate, last: LocalDate, clock: SimulationClock, random: SplitMix64) {
        self.kind = kind
        self.total = total
        self.first = first
        self.random = random
        var working: [Bool] = []
        var cumulative: [Double] = []
        var sum = 0.0
        var date = first
        while date <= last {
            let isWorking = clock.isWorkingDay(date)
            working.append(isWorking)
            switch (kind, isWorking) {
            case (.dossiers, true): sum += [1.15, 1.0, 1.0, 1.0, 0.9, 0.8, 0.8][date.weekday - 1]
            case (.dossiers, false): sum += 0.02
            case (.complaints, true): sum += 1
            case (.complaints, false): sum += 0.25
            }
            cumulative.append(sum)
            date = date.adding(days: 1)
        }
        self.working = working
        self.cumulative = cumulative
    }

    /// The next arrival time (epoch seconds), or `nil` when all have arrived.
    mutating func peek() -> Int64? {
        while position == times.count {
            guard day + 1 < cumulative.count else { return nil }
            day += 1
            fill()
        }
        return times[position]
    }

    /// Consumes the arrival returned by `peek()`.
    mutating func advance() {
        position += 1
    }

    /// Draws the times of day `day`.
    private mutating func fill() {
        let sum = cumulative[cumulative.count - 1]
        let upTo =
            day == cumulative.count - 1 ? total : min(total, Int((Double(total) * cumulative[day] / sum).rounded()))
        let count = max(0, upTo - assigned)
        assigned += count
        times.removeAll(keepingCapacity: true)
        position = 0
        let date = first.adding(days: day)
        for j in 0..<count {
            let u = (Double(j) + random.unit()) / Double(count)
            times.append(SimulationClock.at(date, secondOfDay: secondOfDay(u, working: working[day])))
        }
    }

    /// The time of day at quantile `u` of the day's profile.
    private func secondOfDay(_ u: Double, working: Bool) -> Int {
        func between(_ from: Double, _ to: Double, _ fraction: Double) -> Int {
            Int((from + (to - from) * fraction) * 3600)
        }
        switch (kind, working) {
        case (.dossiers, true):
            return u < 0.92 ? between(7.5, 17, u / 0.92) : between(17, 22, (u - 0.92) / 0.08)
        case (.dossiers, false): return between(8, 21, u)
        case (.complaints, true): return between(7, 22, u)
        case (.complaints, false): return between(8, 22, u)
        }
    }
}
