/// The Vietnamese names given to special days.
enum HolidayNames {
    static let newYear = "Tết Dương lịch"
    static let tet = "Tết Nguyên đán"
    static let hungKings = "Giỗ Tổ Hùng Vương"
    static let victoryDay = "Ngày Chiến thắng"
    static let labourDay = "Ngày Quốc tế Lao động"
    static let nationalDay = "Quốc khánh"
    static let cultureDay = "Ngày Văn hóa Việt Nam"

    /// `Nghỉ bù <holiday>`: a weekday off making up for a holiday on a weekend.
    static func makeUp(for holiday: String) -> String { "Nghỉ bù \(holiday)" }

    /// `Nghỉ hoán đổi (làm bù thứ Bảy dd/mm/yyyy)`: a weekday off swapped with a Saturday worked.
    static func swapped(workedOn saturday: LocalDate) -> String {
        "Nghỉ hoán đổi (làm bù thứ Bảy \(text(saturday)))"
    }

    /// `Làm bù cho dd/mm/yyyy`: a Saturday worked in exchange for a weekday off.
    static func saturdayWorked(for dayOff: LocalDate) -> String { "Làm bù cho \(text(dayOff))" }

    /// Vietnamese date style, `dd/mm/yyyy`.
    static func text(_ date: LocalDate) -> String {
        let (y, m, d) = date.components
        return LocalDate.pad(d, 2) + "/" + LocalDate.pad(m, 2) + "/" + LocalDate.pad(y, 4)
    }
}
