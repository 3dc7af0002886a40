import MotCuaDomain

/// The fixed tables of the simulated, Hanoi-like city: departments, districts and procedures.
///
/// Names are those of agencies and procedures only (no personal data). Codes follow the shapes of
/// Circular 01/2018/TT-VPCP but are never parsed.
enum CityCatalogue {
    /// A procedure of the catalogue before codes are given.
    struct ProcedureRow {
        let sector: String
        let field: String
        let level: AgencyLevel
        let days: Int
        let writtenResult: Bool
        let fullOnlineEligible: Bool
        let name: String
    }

    /// The ten sectors that procedures belong to.
    static let sectors = ["TNMT", "KHDT", "TP", "XD", "GTVT", "LDTBXH", "YT", "GDDT", "CT", "NV"]

    /// Province departments (Sở and equivalents): the sector they handle, if any, and their name.
    /// The twentieth is the Department of Justice, `000.00.20.H26` as in DOMAIN.md's examples.
    static let departments: [(sector: String?, name: String)] = [
        ("TNMT", "Sở Tài nguyên và Môi trường"), ("KHDT", "Sở Kế hoạch và Đầu tư"), ("XD", "Sở Xây dựng"),
        ("GTVT", "Sở Giao thông vận tải"), ("LDTBXH", "Sở Lao động - Thương binh và Xã hội"), ("YT", "Sở Y tế"),
        ("GDDT", "Sở Giáo dục và Đào tạo"), ("CT", "Sở Công Thương"), ("NV", "Sở Nội vụ"), (nil, "Sở Tài chính"),
        (nil, "Sở Văn hóa và Thể thao"), (nil, "Sở Du lịch"), (nil, "Sở Thông tin và Truyền thông"),
        (nil, "Sở Khoa học và Công nghệ"), (nil, "Sở Nông nghiệp và Phát triển nông thôn"), (nil, "Sở Ngoại vụ"),
        (nil, "Sở Quy hoạch - Kiến trúc"), (nil, "Thanh tra Thành phố"), (nil, "Ban Dân tộc"), ("TP", "Sở Tư pháp"),
    ]

    /// The 30 district-level units: the kind of unit and its name.
    static let districts: [(kind: String, name: String)] = [
        ("quận", "Ba Đình"), ("quận", "Hoàn Kiếm"), ("quận", "Tây Hồ"), ("quận", "Long Biên"), ("quận", "Cầu Giấy"),
        ("quận", "Đống Đa"), ("quận", "Hai Bà Trưng"), ("quận", "Hoàng Mai"), ("quận", "Thanh Xuân"),
        ("quận", "Nam Từ Liêm"), ("quận", "Bắc Từ Liêm"), ("quận", "Hà Đông"), ("thị xã", "Sơn Tây"),
        ("huyện", "Ba Vì"), ("huyện", "Chương Mỹ"), ("huyện", "Đan Phượng"), ("huyện", "Đông Anh"),
        ("huyện", "Gia Lâm"), ("huyện", "Hoài Đức"), ("huyện", "Mê Linh"), ("huyện", "Mỹ Đức"),
        ("huyện", "Phú Xuyên"), ("huyện", "Phúc Thọ"), ("huyện", "Quốc Oai"), ("huyện", "Sóc Sơn"),
        ("huyện", "Thạch Thất"), ("huyện", "Thanh Oai"), ("huyện", "Thanh Trì"), ("huyện", "Thường Tín"),
        ("huyện", "Ứng Hòa"),
    ]

    /// Sixty procedures, six per sector: sector, field, level, limit (working days), written result,
    /// full-online eligibility, name.
    static let procedures: [ProcedureRow] = [
        row("TNMT", "DD", .district, 10, true, false, "Đăng ký biến động quyền sử dụng đất"),
        row("TNMT", "DD", .district, 30, true, false, "Cấp Giấy chứng nhận quyền sử dụng đất lần đầu"),
        row("TNMT", "MT", .province, 30, true, false, "Cấp giấy phép môi trường"),
        row("TNMT", "MT", .district, 10, true, true, "Đăng ký kế hoạch bảo vệ môi trường"),
        row("TNMT", "TNN", .province, 30, true, false, "Cấp giấy phép khai thác nước dưới đất"),
        row("TNMT", "DD", .province, 3, true, true, "Cung cấp thông tin, dữ liệu đất đai"),
        row("KHDT", "DKKD", .province, 3, true, true, "Đăng ký thành lập doanh nghiệp"),
        row("KHDT", "DKKD", .province, 3, true, true, "Đăng ký thay đổi nội dung đăng ký doanh nghiệp"),
        row("KHDT", "DKKD", .district, 3, true, true, "Đăng ký thành lập hộ kinh doanh"),
        row("KHDT", "DKKD", .province, 3, true, true, "Thông báo tạm ngừng kinh doanh"),
        row("KHDT", "DT", .province, 15, true, false, "Cấp Giấy chứng nhận đăng ký đầu tư"),
        row("KHDT", "HTX", .district, 5, true, true, "Đăng ký thành lập hợp tác xã"),
        row("TP", "LLTP", .province, 10, true, true, "Cấp Phiếu lý lịch tư pháp"),
        row("TP", "HT", .commune, 0, true, true, "Đăng ký khai sinh"),
        row("TP", "HT", .commune, 0, true, false, "Đăng ký kết hôn"),
        row("TP", "HT", .commune, 0, true, true, "Đăng ký khai tử"),
        row("TP", "CTH", .commune, 0, true, false, "Chứng thực bản sao từ bản chính"),
        row("TP", "HT", .district, 1, true, true, "Cấp bản sao trích lục hộ tịch"),
        row("XD", "CPXD", .district, 15, true, false, "Cấp giấy phép xây dựng nhà ở riêng lẻ"),
        row("XD", "CPXD", .province, 20, true, false, "Cấp giấy phép xây dựng công trình"),
        row("XD", "HDXD", .province, 20, true, true, "Cấp chứng chỉ hành nghề hoạt động xây dựng"),
        row("XD", "HDXD", .province, 30, true, false, "Thẩm định báo cáo nghiên cứu khả thi đầu tư xây dựng"),
        row("XD", "CPXD", .district, 20, true, false, "Cấp giấy phép di dời công trình"),
        row("XD", "NO", .province, 15, true, false, "Xác nhận nhà ở hình thành trong tương lai đủ điều kiện bán"),
        row("GTVT", "GPLX", .province, 5, true, true, "Cấp đổi giấy phép lái xe"),
        row("GTVT", "VT", .province, 5, true, true, "Cấp giấy phép kinh doanh vận tải bằng xe ô tô"),
        row("GTVT", "VT", .province, 2, true, true, "Cấp phù hiệu xe ô tô kinh doanh vận tải"),
        row("GTVT", "DB", .province, 7, true, false, "Cấp giấy phép thi công công trình trên đường bộ"),
        row("GTVT", "DKPT", .province, 3, true, false, "Đăng ký xe máy chuyên dùng"),
        row("GTVT", "DB", .province, 2, true, true, "Cấp giấy phép lưu hành xe quá tải trọng"),
        row("LDTBXH", "VL", .province, 20, true, false, "Giải quyết hưởng trợ cấp thất nghiệp"),
        row("LDTBXH", "VL", .province, 5, true, true, "Cấp giấy phép lao động cho người lao động nước ngoài"),
        row("LDTBXH", "BTXH", .district, 20, true, false, "Thực hiện trợ cấp xã hội hằng tháng"),
        row("LDTBXH", "NCC", .province, 20, true, false, "Xác nhận người có công với cách mạng"),
        row("LDTBXH", "BTXH", .commune, 3, false, false, "Hỗ trợ chi phí mai táng"),
        row("LDTBXH", "LD", .district, 7, false, true, "Đăng ký nội quy lao động"),
        row("YT", "KCB", .province, 30, true, false, "Cấp chứng chỉ hành nghề khám bệnh, chữa bệnh"),
        row("YT", "KCB", .province, 30, true, false, "Cấp giấy phép hoạt động phòng khám"),
        row("YT", "DUOC", .province, 30, true, false, "Cấp Giấy chứng nhận đủ điều kiện kinh doanh dược"),
        row("YT", "ATTP", .district, 20, true, false, "Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm"),
        row("YT", "KCB", .province, 0, false, true, "Công bố đủ điều kiện thực hiện hoạt động tiêm chủng"),
        row("YT", "ATTP", .district, 0, false, true, "Tiếp nhận bản tự công bố sản phẩm thực phẩm"),
        row("GDDT", "VB", .province, 0, true, true, "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"),
        row("GDDT", "TS", .district, 3, true, true, "Chuyển trường đối với học sinh trung học cơ sở"),
        row("GDDT", "CSGD", .province, 20, true, false, "Công nhận trường đạt chuẩn quốc gia"),
        row("GDDT", "CSGD", .province, 15, true, false, "Cho phép trung tâm ngoại ngữ, tin học hoạt động"),
        row("GDDT", "CSGD", .district, 10, true, true, "Cho phép hoạt động giáo dục kỹ năng sống"),
        row("GDDT", "VB", .province, 5, true, false, "Chỉnh sửa nội dung văn bằng, chứng chỉ"),
        row("CT", "LT", .district, 10, true, true, "Cấp Giấy phép bán lẻ rượu"),
        row("CT", "LT", .province, 15, true, true, "Cấp Giấy phép bán lẻ sản phẩm thuốc lá"),
        row("CT", "XDAU", .province, 15, true, false, "Cấp Giấy chứng nhận cửa hàng đủ điều kiện bán lẻ xăng dầu"),
        row("CT", "DIEN", .province, 15, true, true, "Cấp giấy phép hoạt động điện lực"),
        row("CT", "XTTM", .province, 5, false, true, "Thông báo thực hiện khuyến mại"),
        row("CT", "XTTM", .province, 3, true, true, "Đăng ký thực hiện khuyến mại"),
        row("NV", "HOI", .province, 30, true, false, "Thành lập hội"),
        row("NV", "TG", .commune, 15, true, false, "Đăng ký hoạt động tín ngưỡng"),
        row("NV", "CCVC", .province, 30, false, false, "Đăng ký dự tuyển công chức"),
        row("NV", "TDKT", .district, 20, true, false, "Tặng Giấy khen của Chủ tịch Ủy ban nhân dân"),
        row("NV", "TG", .commune, 20, true, false, "Đăng ký sinh hoạt tôn giáo tập trung"),
        row("NV", "HOI", .province, 30, true, false, "Công nhận ban vận động thành lập hội"),
    ]

    /// Reasons for `DossierStopped` (no personal data).
    static let stopReasons = [
        "Hồ sơ không đủ điều kiện", "Hồ sơ không thuộc thẩm quyền giải quyết",
        "Thông tin kê khai không đúng quy định",
    ]

    /// Reasons for `ComplaintRejected` (no personal data).
    static let rejectionReasons = [
        "Không thuộc phạm vi tiếp nhận", "Nội dung không rõ ràng", "Nội dung đã được trả lời",
    ]

    private static func row(
        _ sector: String, _ field: String, _ level: AgencyLevel, _ days: Int, _ written: Bool, _ online: Bool,
        _ name: String
    ) -> ProcedureRow {
        ProcedureRow(
            sector: sector, field: field, level: level, days: days, writtenResult: written,
            fullOnlineEligible: online, name: name)
    }
}
