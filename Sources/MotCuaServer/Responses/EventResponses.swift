import Hummingbird

/// `POST /v1/events`: each event of the batch, in batch order, and where it is in the log.
struct AppendResponse: ResponseEncodable {
    struct Item: Encodable {
        /// The event's index in the batch, from 0.
        let index: Int
        let id: String
        let position: Int64
        let stream: String
        let version: Int
        /// Appended before with the same content: this is its original place.
        let alreadyPresent: Bool
    }

    let events: [Item]
}

/// `GET /v1/events`: a page of the recorded log, each event byte for byte its export line.
struct EventPageResponse: ResponseEncodable {
    let events: [RawJSON]
    /// The position to pass as `after` for the next page.
    let next: Int64
}
