package import MotCuaDomain
package import MotCuaStore

/// Opens the database of one test: the same database at every call, so that reopening can be checked.
package protocol StoreFixture: Sendable {
    /// Opens the fixture's store with the given server clock.
    func open(clock: @escaping @Sendable () -> Instant) async throws -> any EventStore
}

/// A broken promise of the store contract.
package struct ContractViolation: Error, CustomStringConvertible {
    package let description: String
}

/// The store contract: every backend's tests run each case, unchanged, on fresh fixtures.
package enum StoreContract: String, CaseIterable, Sendable, CustomStringConvertible {
    case appendsAndReads
    case expectedVersions
    case idempotentRetry
    case idConflict
    case rejectedBatchChangesNothing
    case rejectedBatchDoesNotDisturbItsGroup
    case streamReads
    case longStreamsAndLimits
    case concurrentAppendersAreGapless
    case chainIsValidAndRecordedAtNeverDecreases
    case recoversAfterReopen
    case importReproducesPositionsAndHashes
    case accessTokens
    case tokenExpiryLabelAndUses
    case merkleTreeRootsAndProofs
    case signedCheckpoints

    package var description: String { rawValue }

    /// Runs this case; `makeFixture` gives a fresh, empty database each call.
    package func run(_ makeFixture: @Sendable () async throws -> any StoreFixture) async throws {
        let fixture = try await makeFixture()
        let store = try await fixture.open { SampleEvents.now }
        switch self {
        case .appendsAndReads: try await Checks.appendsAndReads(store)
        case .expectedVersions: try await Checks.expectedVersions(store)
        case .idempotentRetry: try await Checks.idempotentRetry(store)
        case .idConflict: try await Checks.idConflict(store)
        case .rejectedBatchChangesNothing: try await Checks.rejectedBatchChangesNothing(store)
        case .rejectedBatchDoesNotDisturbItsGroup: try await Checks.rejectedBatchDoesNotDisturbItsGroup(store)
        case .streamReads: try await Checks.streamReads(store)
        case .longStreamsAndLimits: try await Checks.longStreamsAndLimits(store)
        case .concurrentAppendersAreGapless: try await Checks.concurrentAppendersAreGapless(store)
        case .chainIsValidAndRecordedAtNeverDecreases: try await Checks.chainIsValid(fixture)
        case .recoversAfterReopen: try await Checks.recoversAfterReopen(fixture, store)
        case .importReproducesPositionsAndHashes:
            try await Checks.importReproduces(store, into: try await makeFixture().open { SampleEvents.now })
        case .accessTokens: try await Checks.accessTokens(store)
        case .tokenExpiryLabelAndUses: try await Checks.tokenExpiryLabelAndUses(store)
        case .merkleTreeRootsAndProofs: try await Checks.merkleTree(store)
        case .signedCheckpoints: try await Checks.signedCheckpoints(store)
        }
    }
}

/// Fails the contract with a message unless `condition` holds.
func require(_ condition: Bool, _ message: @autoclosure () -> String) throws {
    if !condition { throw ContractViolation(description: message()) }
}

/// Runs `body` and returns the `EventStoreError` it throws, or fails the contract.
func requireRefusal(_ what: String, _ body: () async throws -> Void) async throws -> EventStoreError {
    do {
        try await body()
    } catch let error as EventStoreError {
        return error
    }
    throw ContractViolation(description: "\(what) was accepted")
}

/// Every event of the store, in position order.
func readAll(_ store: any EventStore) async throws -> [RecordedEvent] {
    var all: [RecordedEvent] = []
    while true {
        let page = try await store.read(after: all.last?.position ?? 0, limit: 1000)
        if page.isEmpty { return all }
        all += page
    }
}
