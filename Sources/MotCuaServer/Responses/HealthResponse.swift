import Hummingbird

/// `GET /health` when the store answers and appends go through: how far the projection lags behind the
/// log.
struct HealthResponse: ResponseEncodable {
    /// Always `ok` (a failing server answers a problem instead).
    let status: String
    /// The log's last position.
    let head: Int64
    /// The last position the projection folded.
    let projection: Int64
    let lag: Int64
}
