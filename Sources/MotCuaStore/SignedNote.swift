internal import Crypto
import Foundation

/// Signed notes and tree checkpoints as C2SP specifies them (c2sp.org/signed-note, c2sp.org/tlog-checkpoint;
/// the formats of Go's `golang.org/x/mod/sumdb/note`), with Ed25519 keys. docs/hash-chain.md has examples.
///
/// A checkpoint's text is three lines: the log's origin, the tree size in decimal, the root hash in
/// base64. A signed note is the text, an empty line, then one line per signature:
/// `— <key name> <base64(4-byte key id ‖ 64-byte Ed25519 signature of the text)>`.
public enum SignedNote {
    /// Why a key, note or checkpoint was refused.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    /// The Ed25519 algorithm byte of note keys.
    static let ed25519: UInt8 = 1

    /// A new key named `name`: the signer key text (secret: `PRIVATE+KEY+<name>+<id>+<base64>`) and the
    /// verifier key text anyone may have (`<name>+<id>+<base64>`).
    public static func generateKey(name: String) throws -> (signer: String, verifier: String) {
        try checkName(name)
        let key = Curve25519.Signing.PrivateKey()
        let signer = try Signer(name: name, seed: Array(key.rawRepresentation))
        return (signer.text, signer.verifier.text)
    }

    /// A note signer: a key name and its Ed25519 private key.
    public struct Signer: Sendable {
        public let name: String
        let seed: [UInt8]
        public let verifier: Verifier

        init(name: String, seed: [UInt8]) throws {
            guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
                throw Failure("not an Ed25519 private key")
            }
            self.name = name
            self.seed = seed
            verifier = Verifier(name: name, publicKey: Array(key.publicKey.rawRepresentation))
        }

        /// The signer of a key text `PRIVATE+KEY+<name>+<id>+<base64(0x01 ‖ seed)>`.
        public init(_ text: String) throws {
            // The base64 key may itself hold '+': only the first four separate fields.
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
                separator: "+", maxSplits: 4, omittingEmptySubsequences: false)
            guard parts.count == 5, parts[0] == "PRIVATE", parts[1] == "KEY",
                let key = Data(base64Encoded: String(parts[4])), key.count == 33, key.first == SignedNote.ed25519
            else { throw Failure("not a signer key (PRIVATE+KEY+<name>+<id>+<base64>)") }
            try SignedNote.checkName(String(parts[2]))
            try self.init(name: String(parts[2]), seed: Array(key.dropFirst()))
            guard parts[3] == SignedNote.hex(verifier.keyID) else { throw Failure("the key id does not match the key") }
        }

        /// The key's text, as `generateKey` gives it.
        public var text: String {
            "PRIVATE+KEY+\(name)+\(SignedNote.hex(verifier.keyID))+"
                + Data([SignedNote.ed25519] + seed).base64EncodedString()
        }

        /// `text` (which must end with a newline) signed: the signed note.
        public func sign(_ text: String) throws -> String {
            try SignedNote.checkText(text)
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: seed)
            let signature = try key.signature(for: Array(text.utf8))
            return text + "\n— \(name) " + Data(verifier.keyID + Array(signature)).base64EncodedString() + "\n"
        }
    }

    /// A note verifier: a key name and its Ed25519 public key.
    public struct Verifier: Sendable, Hashable {
        public let name: String
        public let publicKey: [UInt8]

        init(name: String, publicKey: [UInt8]) {
            self.name = name
            self.publicKey = publicKey
        }

        /// The verifier of a key text `<name>+<id>+<base64(0x01 ‖ public key)>`.
        public init(_ text: String) throws {
            let parts = text.trimmingCharacters(in: .whitespacesAndNewlines).split(
                separator: "+", maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count == 3, let key = Data(base64Encoded: String(parts[2])), key.count == 33,
                key.first == SignedNote.ed25519
            else { throw Failure("not a verifier key (<name>+<id>+<base64>)") }
            try SignedNote.checkName(String(parts[0]))
            self.init(name: String(parts[0]), publicKey: Array(key.dropFirst()))
            guard parts[1] == SignedNote.hex(keyID) else { throw Failure("the key id does not match the key") }
        }

        /// The key's text.
        public var text: String {
            "\(name)+\(SignedNote.hex(keyID))+" + Data([SignedNote.ed25519] + publicKey).base64EncodedString()
        }

        /// The first 4 bytes of SHA-256(name ‖ "\n" ‖ 0x01 ‖ public key).
        public var keyID: [UInt8] {
            var hasher = SHA256()
            hasher.update(data: Array(name.utf8) + [0x0A, SignedNote.ed25519] + publicKey)
            return Array(hasher.finalize().prefix(4))
        }

        /// The text of `note` when it carries a valid signature by this key; throws otherwise.
        public func verify(_ note: String) throws -> String {
            guard let split = note.range(of: "\n\n", options: .backwards) else {
                throw Failure("not a signed note: no empty line before the signatures")
            }
            let text = String(note[..<split.lowerBound]) + "\n"
            try SignedNote.checkText(text)
            let signatures = note[split.upperBound...].split(separator: "\n", omittingEmptySubsequences: false)
            guard note.hasSuffix("\n"), signatures.last == "" else {
                throw Failure("a signed note ends with a newline")
            }
            guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: publicKey) else {
                throw Failure("not an Ed25519 public key")
            }
            for line in signatures.dropLast() {
                let fields = line.split(separator: " ", omittingEmptySubsequences: false)
                guard fields.count == 3, fields[0] == "—" else { throw Failure("a malformed signature line: \(line)") }
                guard fields[1] == name, let blob = Data(base64Encoded: String(fields[2])), blob.count == 68,
                    Array(blob.prefix(4)) == keyID
                else { continue }
                if key.isValidSignature(blob.dropFirst(4), for: Array(text.utf8)) { return text }
                throw Failure("the signature by \(name) does not verify")
            }
            throw Failure("no signature by \(name)+\(SignedNote.hex(keyID))")
        }
    }

    /// The text of a checkpoint (c2sp.org/tlog-checkpoint): origin, size and base64 root, one per line.
    public static func checkpointText(origin: String, size: Int64, root: [UInt8]) -> String {
        "\(origin)\n\(size)\n\(Data(root).base64EncodedString())\n"
    }

    /// The origin, size and root of a checkpoint's text (extension lines after the root are allowed).
    public static func parseCheckpoint(_ text: String) throws -> (origin: String, size: Int64, root: [UInt8]) {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count >= 4, !lines[0].isEmpty, let size = Int64(lines[1]), size >= 0, String(size) == lines[1],
            let root = Data(base64Encoded: String(lines[2])), root.count == 32
        else { throw Failure("not a checkpoint: origin, tree size and base64 root hash, one per line") }
        return (String(lines[0]), size, Array(root))
    }

    static func checkName(_ name: String) throws {
        guard !name.isEmpty, !name.contains("+"), !name.unicodeScalars.contains(where: { $0.properties.isWhitespace }),
            !name.unicodeScalars.contains(where: { $0.value < 0x20 })
        else { throw Failure("a key name is non-empty, with no spaces and no '+': \(name)") }
    }

    static func checkText(_ text: String) throws {
        guard text.hasSuffix("\n"), !text.contains("\n\n"),
            !text.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" })
        else { throw Failure("a note's text ends with a newline and has no empty line or control character") }
    }

    static func hex(_ bytes: [UInt8]) -> String { HashChain.hexString(bytes) }
}
