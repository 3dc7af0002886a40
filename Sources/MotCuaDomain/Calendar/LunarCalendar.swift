import Foundation

/// The Vietnamese lunisolar calendar, computed for Vietnam's time zone (UTC+7).
///
/// This is Hồ Ngọc Đức's astronomical algorithm ("Computing the Vietnamese lunar calendar"):
/// `jdFromDate`, `NewMoon(k)`, `SunLongitude`, `getLunarMonth11`, `getLeapMonthOffset` and
/// `convertLunar2Solar`, all evaluated with `timeZone = 7`. It is *not* the Chinese calendar (UTC+8):
/// the two differ in some years, e.g. Tết 2030 is 2 February in Vietnam and 3 February in China.
/// The algorithm is accurate for 1900–2199, the range the working calendar supports.
///
/// The legal holidays that depend on it are Tết Nguyên đán and Giỗ Tổ Hùng Vương
/// (Labour Code 2019 Art. 112(1)).
public enum LunarCalendar {
    /// Vietnam's offset from UTC, in hours, as the algorithm's `timeZone` parameter.
    static let timeZone = 7.0

    /// The solar (Gregorian) date of a lunar date.
    ///
    /// `lunarYear` is the Gregorian year in which that lunar year begins (its Tết). Lunar months 11 and
    /// 12 of a lunar year fall at the end of that Gregorian year or early in the next one.
    /// - Precondition: `lunarMonth` is 1…12 and `lunarDay` is 1…30; when `leap` is true, `lunarMonth`
    ///   must be the leap month of `lunarYear` (see ``leapMonth(in:)``). Day 30 of a 29-day month
    ///   gives the first day of the following month.
    public static func solarDate(lunarDay: Int, lunarMonth: Int, lunarYear: Int, leap: Bool = false) -> LocalDate {
        precondition((1...12).contains(lunarMonth) && (1...30).contains(lunarDay), "invalid lunar date")
        let a11: Int
        let b11: Int
        if lunarMonth < 11 {
            a11 = lunarMonth11(lunarYear - 1)
            b11 = lunarMonth11(lunarYear)
        } else {
            a11 = lunarMonth11(lunarYear)
            b11 = lunarMonth11(lunarYear + 1)
        }
        var off = lunarMonth - 11
        if off < 0 { off += 12 }
        if b11 - a11 > 365 {
            let leapOff = leapMonthOffset(a11)
            var leapMonth = leapOff - 2
            if leapMonth < 0 { leapMonth += 12 }
            precondition(!leap || lunarMonth == leapMonth, "month \(lunarMonth) is not the leap month")
            if leap || off >= leapOff { off += 1 }
        } else {
            precondition(!leap, "lunar year has no leap month")
        }
        let k = floor(0.5 + (Double(a11) - 2_415_021.076998695) / 29.530588853)
        let monthStart = newMoonDay(Int(k) + off)
        return date(julianDay: monthStart + lunarDay - 1)
    }

    /// Tết Nguyên đán: the solar date of the 1st day of the 1st lunar month of the lunar year starting in
    /// `year` (Labour Code 2019 Art. 112(1)(b)).
    public static func tet(_ year: Int) -> LocalDate {
        solarDate(lunarDay: 1, lunarMonth: 1, lunarYear: year)
    }

    /// Giỗ Tổ Hùng Vương: the 10th day of the (regular, non-leap) 3rd lunar month of the lunar year
    /// starting in `year` (Labour Code 2019 Art. 112(1)(c)).
    public static func hungKingsDay(_ year: Int) -> LocalDate {
        solarDate(lunarDay: 10, lunarMonth: 3, lunarYear: year)
    }

    /// The number (1…12) of the month that has a leap (intercalary) month after it in the lunar year
    /// starting in `lunarYear`, or `nil` when that lunar year has twelve months.
    ///
    /// A leap month found in the 11th or 12th month position belongs to the lunar year starting in
    /// `lunarYear` as well.
    public static func leapMonth(in lunarYear: Int) -> Int? {
        // Months 1…10 of lunarYear lie between the 11th months of lunarYear-1 and lunarYear;
        // months 11 and 12 between those of lunarYear and lunarYear+1.
        let a11 = lunarMonth11(lunarYear - 1)
        let b11 = lunarMonth11(lunarYear)
        if b11 - a11 > 365 {
            var month = leapMonthOffset(a11) - 2
            if month < 0 { month += 12 }
            if month >= 1 && month <= 10 { return month }
        }
        let c11 = lunarMonth11(lunarYear + 1)
        if c11 - b11 > 365 {
            var month = leapMonthOffset(b11) - 2
            if month < 0 { month += 12 }
            if month == 11 || month == 12 || month == 0 { return month == 0 ? 12 : month }
        }
        return nil
    }

    // MARK: - Hồ Ngọc Đức's algorithm

    /// `jdFromDate`: the Julian day number of a Gregorian date.
    static func julianDay(_ date: LocalDate) -> Int { date.dayNumber + 2_440_588 }

    /// The Gregorian date of a Julian day number (`jdToDate`).
    static func date(julianDay: Int) -> LocalDate { LocalDate(dayNumber: julianDay - 2_440_588) }

    /// `NewMoon(k)`: the Julian date (with fraction, UT) of the k-th new moon after 1900-01-01 13:51 GMT.
    static func newMoon(_ k: Int) -> Double {
        let k = Double(k)
        let t = k / 1236.85
        let t2 = t * t
        let t3 = t2 * t
        let dr = Double.pi / 180
        var jd1 = 2_415_020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3
        jd1 += 0.00033 * sin((166.56 + 132.87 * t - 0.009173 * t2) * dr)
        let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3
        let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3
        let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3
        var c1 = (0.1734 - 0.000393 * t) * sin(m * dr) + 0.0021 * sin(2 * dr * m)
        c1 = c1 - 0.4068 * sin(mpr * dr) + 0.0161 * sin(dr * 2 * mpr)
        c1 -= 0.0004 * sin(dr * 3 * mpr)
        c1 = c1 + 0.0104 * sin(dr * 2 * f) - 0.0051 * sin(dr * (m + mpr))
        c1 = c1 - 0.0074 * sin(dr * (m - mpr)) + 0.0004 * sin(dr * (2 * f + m))
        c1 = c1 - 0.0004 * sin(dr * (2 * f - m)) - 0.0006 * sin(dr * (2 * f + mpr))
        c1 = c1 + 0.0010 * sin(dr * (2 * f - mpr)) + 0.0005 * sin(dr * (2 * mpr + m))
        let deltaT: Double
        if t < -11 {
            deltaT = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
        } else {
            deltaT = -0.000278 + 0.000265 * t + 0.000262 * t2
        }
        return jd1 + c1 - deltaT
    }

    /// `SunLongitude(jdn)`: the sun's apparent longitude in radians (0 ..< 2π) at a Julian date (UT).
    static func sunLongitude(_ jdn: Double) -> Double {
        let t = (jdn - 2_451_545.0) / 36525
        let t2 = t * t
        let dr = Double.pi / 180
        let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
        let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2
        var dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * sin(dr * m)
        dl = dl + (0.019993 - 0.000101 * t) * sin(dr * 2 * m) + 0.000290 * sin(dr * 3 * m)
        var l = (l0 + dl) * dr
        l -= Double.pi * 2 * floor(l / (Double.pi * 2))
        return l
    }

    /// `getNewMoonDay(k, timeZone)`: the local day (Julian day number) of the k-th new moon.
    static func newMoonDay(_ k: Int) -> Int {
        Int(floor(newMoon(k) + 0.5 + timeZone / 24))
    }

    /// `getSunLongitude(dayNumber, timeZone)`: the sun's longitude sector (0…11, 30° each) at the start
    /// of a local day.
    static func sunLongitudeSector(_ julianDay: Int) -> Int {
        Int(floor(sunLongitude(Double(julianDay) - 0.5 - timeZone / 24) / Double.pi * 6))
    }

    /// `getLunarMonth11(yy, timeZone)`: the Julian day number on which the 11th lunar month (the one
    /// containing the winter solstice) begins, for the solstice of Gregorian year `year`.
    static func lunarMonth11(_ year: Int) -> Int {
        let dec31 = LocalDate(year: year, month: 12, day: 31) ?? LocalDate(dayNumber: 0)
        let off = Double(julianDay(dec31) - 2_415_021)
        let k = Int(floor(off / 29.530588853))
        var nm = newMoonDay(k)
        if sunLongitudeSector(nm) >= 9 {
            nm = newMoonDay(k - 1)
        }
        return nm
    }

    /// `getLeapMonthOffset(a11, timeZone)`: the offset, counted from the 11th month starting on `a11`,
    /// of the leap month (the first month without a major solar term).
    static func leapMonthOffset(_ a11: Int) -> Int {
        let k = Int(floor((Double(a11) - 2_415_021.076998695) / 29.530588853 + 0.5))
        var i = 1
        var arc = sunLongitudeSector(newMoonDay(k + i))
        var last: Int
        repeat {
            last = arc
            i += 1
            arc = sunLongitudeSector(newMoonDay(k + i))
        } while arc != last && i < 14
        return i - 1
    }
}
