// The closed vocabularies of DOMAIN.md §2. Each raw value is exactly what the interchange JSON carries.

/// Administrative level of an agency.
public enum AgencyLevel: String, Sendable, CaseIterable, Codable {
    case province, district, commune
}

/// How a procedure is offered online (Decree 42/2022/NĐ-CP Art. 11).
public enum OnlineService: String, Sendable, CaseIterable, Codable {
    case none, partial, full
}

/// How a dossier was received, or how its result was returned.
public enum DossierChannel: String, Sendable, CaseIterable, Codable {
    case direct, online, postal
}

/// Who applied. A category only: events never carry personal data.
public enum Applicant: String, Sendable, CaseIterable, Codable {
    case citizen, enterprise, household
}

/// The decision on a dossier.
public enum Outcome: String, Sendable, CaseIterable, Codable {
    case approved, denied
}

/// How a complaint (phản ánh, kiến nghị) reached the agency.
public enum ComplaintChannel: String, Sendable, CaseIterable, Codable {
    case portal, ihanoi, hotline, email, direct, post
}

/// What a complaint is about (Decree 20/2008/NĐ-CP).
public enum ComplaintCategory: String, Sendable, CaseIterable, Codable {
    case regulation, conduct, other
}

/// Where the answer to a complaint was published.
public enum PublicationChannel: String, Sendable, CaseIterable, Codable {
    case portal, ihanoi, media, letter
}
