public import Hummingbird
import Logging
public import MotCuaDomain
public import MotCuaStore

/// The request context of the API: Hummingbird's core storage plus the authenticated caller.
public struct ServerContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `Authentication` when the request carries a valid token.
    public var caller: Caller?

    public init(source: Source) {
        coreContext = .init(source: source)
        caller = nil
    }

    /// The API's JSON: sorted keys, `/` unescaped, raw JSON spliced in (``JSONResponseEncoder``).
    public var responseEncoder: JSONResponseEncoder { JSONResponseEncoder() }
}

/// Who is calling: the role and scope of a valid token, and its public id (never the secret).
public struct Caller: Sendable, Hashable {
    public let tokenID: String
    public let role: AccessToken.Role
    /// For a center: the agencies it acts for.
    public let agencies: Set<Code>
}

extension ServerContext {
    /// The caller, if its role is one of `roles`; 401 without a token, 403 with another role.
    func require(_ roles: AccessToken.Role..., for action: String) throws -> Caller {
        guard let caller else { throw Problem.unauthenticated("\(action) needs a bearer token") }
        guard roles.contains(caller.role) else {
            let allowed = roles.map(\.rawValue).joined(separator: " or ")
            logger.notice("forbidden", metadata: ["token": "\(caller.tokenID)", "role": "\(caller.role.rawValue)"])
            throw Problem.forbidden("\(action) needs a token with role \(allowed); this one is \(caller.role.rawValue)")
        }
        return caller
    }
}
