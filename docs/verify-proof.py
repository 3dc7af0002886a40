#!/usr/bin/env python3
"""Verify a `motcua export` against the log's Merkle tree, signed checkpoints and proofs.

Usage: python3 docs/verify-proof.py EXPORT --key KEY [--checkpoint FILE ...]
                                    [--inclusion FILE ...] [--consistency FILE ...]
       python3 docs/verify-proof.py --self-test
       (EXPORT may be `-` for stdin; KEY is the verifier key text or @FILE holding it)

The export must start at position 1. Every line is checked exactly as docs/verify-export.py does
(well-formed, canonical, gapless, and the hash chain); that script is loaded from this folder. Then
every event is a leaf of a Merkle tree (RFC 9162 §2.1): leaf index n-1 holds event n, with
    leaf hash  = SHA-256(0x00 || record bytes of the event)      (record bytes: docs/hash-chain.md)
    node hash  = SHA-256(0x01 || left || right)
    MTH({})    = SHA-256("");  for n > 1 leaves, k = the largest power of two < n and
    MTH(D[0:n]) = node(MTH(D[0:k]), MTH(D[k:n])).

--key: the checkpoint signer's verifier key, as Go's golang.org/x/mod/sumdb/note writes it:
    <name>+<key id, 8 hex digits>+<base64(0x01 || 32-byte Ed25519 public key)>
    with key id = the first 4 bytes of SHA-256(name || "\\n" || 0x01 || public key).

--checkpoint FILE (repeatable): a C2SP tlog-checkpoint in a C2SP signed note:
    <origin>\\n<tree size, decimal>\\n<base64 root hash>\\n[extension lines]\\n
    \\n
    — <key name> <base64(4-byte key id || 64-byte Ed25519 signature of the text above)>\\n
    The note must carry a valid signature by --key (lines by other keys are skipped; a line that
    claims --key's name and id but does not verify rejects the note), its origin must be the key
    name, and its root must be the MTH of the export's first <tree size> events. An export shorter
    than the checkpoint is reported as truncated, a different root as rewritten.

--inclusion FILE (repeatable): {"position": P, "size": N, "hashes": ["<base64>", ...]}, an RFC 9162
    §2.1.3 inclusion proof that event P is leaf P-1 of the tree of size N. It is checked against the
    root of a given checkpoint of size N if there is one, else the MTH of the export's first N events.

--consistency FILE (repeatable): {"from": M, "to": N, "hashes": ["<base64>", ...]}, an RFC 9162
    §2.1.4 consistency proof that the tree of size M is a prefix of the tree of size N; each root is
    a given checkpoint's of that size if any, else computed from the export. M = N needs an empty
    proof (and equal roots), M = 0 an empty proof.

Prints one line per item checked and a final `ok: N events, head position P, hash H, tree root R;
…` and exits 0; or names the first failure on stderr and exits 1 (2 for bad usage). The roots of
all the sizes needed are computed in one pass over the export (a stack of complete-subtree hashes).
`--self-test` checks the RFC 6962 tree vectors, Go's signed-note vector and generated proofs.
Python 3 standard library plus `cryptography` (python3 -m pip install cryptography) for Ed25519.
"""
import argparse, base64, binascii, hashlib, importlib.util, json, os, random, re, sys
from pathlib import Path

try:
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
except ImportError:  # reported by main(), so that --help still works
    Ed25519PublicKey = None


class Failure(Exception):
    """A verification failure: the message goes to stderr and the exit status is 1."""


# --- Merkle tree (RFC 9162 §2.1) -------------------------------------------------------------------

def sha256(data):
    return hashlib.sha256(data).digest()


EMPTY_ROOT = sha256(b"")  # MTH of the empty list


def leaf_hash(data):
    return sha256(b"\x00" + data)


def node_hash(left, right):
    return sha256(b"\x01" + left + right)


def split_point(n):
    """The largest power of two strictly less than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


class Frontier:
    """The hashes of the complete subtrees covering the leaves appended so far, largest (leftmost)
    first: one per 1-bit of the leaf count. Appending a leaf merges equal-sized neighbours, so a
    pass over n leaves costs about 2n hashes, and root() folds the stack from the right."""

    def __init__(self):
        self.size, self.stack = 0, []

    def append(self, leaf):
        self.stack.append(leaf)
        self.size += 1
        n = self.size
        while n & 1 == 0:  # one merge per trailing zero bit of the new size
            right = self.stack.pop()
            self.stack[-1] = node_hash(self.stack[-1], right)
            n >>= 1

    def root(self):
        # MTH(D[0:n]) = node(MTH(first 2^a leaves), MTH(rest)): the subtrees are exactly the stack.
        if not self.stack:
            return EMPTY_ROOT
        root = self.stack[-1]
        for subtree in reversed(self.stack[:-1]):
            root = node_hash(subtree, root)
        return root


def roots_at(leaves, sizes):
    """{size: MTH of the first size leaves} for every wanted size, in one pass over `leaves`."""
    wanted, roots, frontier = set(sizes), {}, Frontier()
    if 0 in wanted:
        roots[0] = EMPTY_ROOT
    for leaf in leaves:
        if len(roots) == len(wanted):
            break
        frontier.append(leaf)
        if frontier.size in wanted:
            roots[frontier.size] = frontier.root()
    return roots


def verify_inclusion(index, size, leaf, proof, root):
    """RFC 9162 §2.1.3.2: is `leaf` at leaf index `index` of the tree of `size` leaves with `root`?"""
    if not 0 <= index < size:  # step 1
        return False
    fn, sn, r = index, size - 1, leaf  # steps 2, 3
    for p in proof:  # step 4
        if sn == 0:  # 4a
            return False
        if fn & 1 or fn == sn:  # 4b
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1  # 4c
    return sn == 0 and r == root  # step 5


def verify_consistency(first, second, proof, first_hash, second_hash):
    """RFC 9162 §2.1.4.2: is the tree of `first` leaves (first_hash) a prefix of the tree of
    `second` leaves (second_hash)? Equal sizes need an empty proof and equal roots; first = 0 an
    empty proof (the empty tree is a prefix of every tree)."""
    if not 0 <= first <= second:
        return False
    if first == second:
        return not proof and first_hash == second_hash
    if first == 0:
        return not proof
    if not proof:  # step 1
        return False
    path = list(proof)
    if first & (first - 1) == 0:  # step 2: first is an exact power of 2
        path.insert(0, first_hash)
    fn, sn = first - 1, second - 1  # step 3
    while fn & 1:  # step 4
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]  # step 5
    for c in path[1:]:  # step 6
        if sn == 0:  # 6a
            return False
        if fn & 1 or fn == sn:  # 6b
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1  # 6c
    return fr == first_hash and sr == second_hash and sn == 0  # step 7


# --- Signed notes and checkpoints (C2SP signed-note, tlog-checkpoint) ----------------------------

SIG_PREFIX = "\u2014 "  # EM DASH, space
ALG_ED25519 = 1


def b64decode_strict(text):
    """Standard padded base64, canonical only (re-encoding gives the same text), else None.
    Canonical-only means a changed character can never decode to the same bytes."""
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None
    return data if base64.b64encode(data).decode("ascii") == text else None


def valid_name(name):
    """A key name as Go's note package allows: non-empty, no `+`, no white space."""
    return name != "" and "+" not in name and not any(c.isspace() for c in name)


def key_id(name, key):
    """First 4 bytes of SHA-256(name || "\\n" || 0x01 || public key); `key` includes the 0x01."""
    return sha256(name.encode("utf-8") + b"\n" + key)[:4]


class Verifier:
    def __init__(self, name, kid, public_key):
        self.name, self.key_id, self.public_key = name, kid, public_key

    def __str__(self):
        return f"{self.name}+{self.key_id.hex()}"


def parse_verifier(text):
    """Parse `<name>+<8 hex digits>+<base64(0x01 || key)>`; raises ValueError."""
    parts = text.split("+", 2)  # the base64 key may itself contain `+`
    if len(parts) != 3:
        raise ValueError("a verifier key is <name>+<key id>+<base64 key>")
    name, kid_hex, key_b64 = parts
    if not valid_name(name):
        raise ValueError(f"invalid key name {name!r}")
    if not re.fullmatch(r"[0-9a-fA-F]{8}", kid_hex):
        raise ValueError(f"key id {kid_hex!r} is not 8 hex digits")
    key = b64decode_strict(key_b64)
    if key is None or len(key) != 33 or key[0] != ALG_ED25519:
        raise ValueError("the key is not base64 of 0x01 followed by a 32-byte Ed25519 public key")
    if key_id(name, key) != bytes.fromhex(kid_hex):
        raise ValueError(f"key id {kid_hex} does not match the name and key (expected {key_id(name, key).hex()})")
    return Verifier(name, bytes.fromhex(kid_hex), Ed25519PublicKey.from_public_bytes(key[1:]))


def open_note(message, verifier):
    """Check a signed note as Go's note.Open does and return its text; raises Failure."""
    try:
        note = message.decode("utf-8")
    except UnicodeDecodeError:
        raise Failure("not a signed note: not valid UTF-8")
    if any(c < " " and c != "\n" for c in note):
        raise Failure("not a signed note: control character other than \\n (CR line endings?)")
    split = note.rfind("\n\n")  # the last blank line separates the text from the signatures
    if split < 0:
        raise Failure("not a signed note: no blank line before the signatures")
    text, sigs = note[:split + 1], note[split + 2:]
    if not sigs.endswith("\n"):
        raise Failure("not a signed note: no signature lines, or the last one lacks its \\n")
    verified, others = False, []
    for line in sigs[:-1].split("\n"):
        if not line.startswith(SIG_PREFIX):
            raise Failure(f"not a signed note: signature line {line!r} does not start with '{SIG_PREFIX}'")
        name, _, encoded = line[len(SIG_PREFIX):].partition(" ")
        blob = b64decode_strict(encoded)
        if not valid_name(name) or blob is None or len(blob) < 5:
            raise Failure(f"not a signed note: malformed signature line {line!r}")
        if name != verifier.name or blob[:4] != verifier.key_id:
            others.append(f"{name}+{blob[:4].hex()}")  # another key's signature: skipped
            continue
        try:
            if len(blob) != 4 + 64:
                raise InvalidSignature()
            verifier.public_key.verify(blob[4:], text.encode("utf-8"))
        except InvalidSignature:
            raise Failure(f"the signature by {verifier} does not verify (altered note, or another key)")
        verified = True
    if not verified:
        raise Failure(f"no signature by {verifier} (signed by: {', '.join(others)})")
    return text


def parse_checkpoint(text):
    """(origin, tree size, root hash) from a checkpoint body; extension lines are ignored."""
    lines = text.split("\n")  # the text ends with \n, so the last element is ""
    if len(lines) < 4:
        raise Failure("not a checkpoint: needs the lines origin, tree size, root hash")
    origin, size, root = lines[0], lines[1], b64decode_strict(lines[2])
    if origin == "":
        raise Failure("not a checkpoint: empty origin line")
    if not re.fullmatch(r"0|[1-9][0-9]*", size):
        raise Failure(f"not a checkpoint: tree size {size!r} is not a decimal number")
    if root is None or len(root) != 32:
        raise Failure(f"not a checkpoint: root {lines[2]!r} is not base64 of 32 bytes")
    return origin, int(size), root


# --- The export ------------------------------------------------------------------------------------

def load_verify_export():
    """docs/verify-export.py, loaded as a module (its file name has a dash)."""
    sys.dont_write_bytecode = True  # leave no __pycache__ in docs/
    path = Path(__file__).resolve().with_name("verify-export.py")
    spec = importlib.util.spec_from_file_location("verify_export", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


HASH_MEMBER_LENGTH = len(',"hash":"') + 64 + len('"}')


def record_bytes(line):
    """The line without its final `,"hash":"<64 hex>"` member (verify-export.py checked the form)."""
    tail = line[-HASH_MEMBER_LENGTH:]
    assert tail.startswith(b',"hash":"') and tail.endswith(b'"}'), "line was not checked"
    return line[:-HASH_MEMBER_LENGTH] + b"}"


def b64(data):
    return base64.b64encode(data).decode("ascii")


def reject_number(text):
    raise ValueError(f"non-integer number {text}")


def load_proof(label, content, size_members):
    """Parse a proof file: integer members `size_members` and `hashes`, a list of base64 hashes."""
    try:
        obj = json.loads(content.decode("utf-8"), parse_float=reject_number, parse_constant=reject_number)
    except ValueError as error:
        raise Failure(f"{label}: not a JSON proof file ({error})")
    if not isinstance(obj, dict):
        raise Failure(f"{label}: not a JSON object")
    for member in size_members:
        if type(obj.get(member)) is not int or obj[member] < 0:
            raise Failure(f"{label}: member {member!r} must be a non-negative integer")
    if not isinstance(obj.get("hashes"), list):
        raise Failure(f"{label}: member 'hashes' must be a list of base64 hashes")
    hashes = [b64decode_strict(h) if isinstance(h, str) else None for h in obj["hashes"]]
    if any(h is None or len(h) != 32 for h in hashes):
        raise Failure(f"{label}: every element of 'hashes' must be base64 of 32 bytes")
    return [obj[m] for m in size_members], hashes


def plural(n, word):
    return f"{n} {word}" + ("" if n == 1 else "s")


def audit(export, verifier, checkpoints=(), inclusions=(), consistencies=(), verify_export=None):
    """Check an export (bytes) and the given (label, bytes) checkpoints and proofs.
    Returns the report lines; raises Failure at the first failure."""
    verify_export = verify_export or load_verify_export()
    # 1. The export itself, exactly as verify-export.py checks it, starting at position 1.
    if export and not export.endswith(b"\n"):
        raise Failure("the export's last line is not terminated by \\n (truncated?)")
    lines = export.split(b"\n")[:-1]
    first = re.match(rb'\{"position":(\d+),', lines[0]) if lines else None
    if first and first.group(1) != b"1":
        raise Failure(f"position {first.group(1).decode()}: the export must start at position 1 "
                      "(event n is leaf n-1 of the tree; export the whole log)")
    result = verify_export.verify(lines, bytes(32))
    if isinstance(result, str):
        raise Failure(result)
    count, head, head_hash = result

    # 2. Parse everything given, so that one pass over the export computes every root needed.
    signed = []  # (label, size, root)
    for path, content in checkpoints:
        label = f"checkpoint {path}"
        try:
            origin, size, root = parse_checkpoint(open_note(content, verifier))
        except Failure as failure:
            raise Failure(f"{label}: {failure}")
        if origin != verifier.name:
            raise Failure(f"{label}: origin {origin!r} is not the key name {verifier.name!r}")
        signed.append((label, size, root))
    inclusion_proofs = [(f"inclusion {path}",) + tuple(load_proof(f"inclusion {path}", content, ("position", "size")))
                        for path, content in inclusions]
    consistency_proofs = [(f"consistency {path}",) + tuple(load_proof(f"consistency {path}", content, ("from", "to")))
                          for path, content in consistencies]
    sizes = {count} | {size for _, size, _ in signed}
    sizes |= {n for _, (_, n), _ in inclusion_proofs} | {s for _, pair, _ in consistency_proofs for s in pair}
    wanted_leaves = {p for _, (p, _), _ in inclusion_proofs}

    # 3. One pass: leaf hashes into the frontier; roots at the wanted sizes, leaves at the positions.
    roots, leaves, frontier = {0: EMPTY_ROOT}, {}, Frontier()
    for position, line in enumerate(lines, 1):
        leaf = leaf_hash(record_bytes(line))
        frontier.append(leaf)
        if position in sizes:
            roots[position] = frontier.root()
        if position in wanted_leaves:
            leaves[position] = leaf

    # 4. The checks, in the order given.
    report, signed_root = [], {}
    for label, size, root in signed:
        if size > count:
            raise Failure(f"{label}: tree size {size} but the export has only {plural(count, 'event')} (truncated?)")
        if roots[size] != root:
            raise Failure(f"{label}: the export's first {plural(size, 'event')} have root {b64(roots[size])}, "
                          f"the checkpoint signs {b64(root)} (rewritten?)")
        signed_root.setdefault(size, (label, root))
        report.append(f"{label}: signed by {verifier}, tree size {size}, root {b64(root)}: "
                      f"matches the export's first {plural(size, 'event')}")

    def root_of(size):
        """The root to check a proof against, and where it comes from."""
        if size in signed_root:
            label, root = signed_root[size]
            return root, f"signed by {label}"
        if size == 0:
            return EMPTY_ROOT, "of the empty tree"
        return roots[size], f"computed from the export's first {plural(size, 'event')}"

    for label, (position, size), proof in inclusion_proofs:
        if size > count:
            raise Failure(f"{label}: tree size {size} but the export has only {plural(count, 'event')}")
        if not 1 <= position <= size:
            raise Failure(f"{label}: position {position} is not in a tree of size {size}")
        root, source = root_of(size)
        if not verify_inclusion(position - 1, size, leaves[position], proof, root):
            raise Failure(f"{label}: the proof does not verify (position {position}, tree size {size}, "
                          f"root {b64(root)} {source})")
        report.append(f"{label}: position {position} is in the tree of size {size} (root {source})")

    for label, (old, new), proof in consistency_proofs:
        if old > new:
            raise Failure(f"{label}: 'from' {old} is larger than 'to' {new}")
        if new > count:
            raise Failure(f"{label}: tree size {new} but the export has only {plural(count, 'event')}")
        (old_root, old_source), (new_root, new_source) = root_of(old), root_of(new)
        if not verify_consistency(old, new, proof, old_root, new_root):
            raise Failure(f"{label}: the proof does not verify (from {old}, root {b64(old_root)} {old_source}; "
                          f"to {new}, root {b64(new_root)} {new_source})")
        report.append(f"{label}: the tree of size {old} (root {old_source}) is a prefix of the tree of "
                      f"size {new} (root {new_source})")

    report.append(f"ok: {plural(count, 'event')}, head position {head if head is not None else 0}, "
                  f"hash {head_hash.hex()}, tree root {b64(roots[count])}; "
                  f"{plural(len(signed), 'checkpoint')}, {plural(len(inclusion_proofs), 'inclusion proof')}, "
                  f"{plural(len(consistency_proofs), 'consistency proof')} verified")
    return report


# --- Self-test -------------------------------------------------------------------------------------

def reference_mth(leaves):
    """RFC 9162 §2.1.1, recursively, over leaf hashes."""
    n = len(leaves)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaves[0]
    k = split_point(n)
    return node_hash(reference_mth(leaves[:k]), reference_mth(leaves[k:]))


def reference_path(m, leaves):
    """RFC 9162 §2.1.3.1 PATH(m, D[n])."""
    n = len(leaves)
    if n == 1:
        return []
    k = split_point(n)
    if m < k:
        return reference_path(m, leaves[:k]) + [reference_mth(leaves[k:])]
    return reference_path(m - k, leaves[k:]) + [reference_mth(leaves[:k])]


def reference_subproof(m, leaves, complete):
    """RFC 9162 §2.1.4.1 SUBPROOF(m, D[n], b); PROOF(m, D[n]) = SUBPROOF(m, D[n], true)."""
    n = len(leaves)
    if m == n:
        return [] if complete else [reference_mth(leaves)]
    k = split_point(n)
    if m <= k:
        return reference_subproof(m, leaves[:k], complete) + [reference_mth(leaves[k:])]
    return reference_subproof(m - k, leaves[k:], False) + [reference_mth(leaves[:k])]


def sign_note(text, name, private_key):
    """A signed note of `text` by an Ed25519 private key (cryptography), and its verifier key text."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    key = bytes([ALG_ED25519]) + private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    kid = key_id(name, key)
    signature = private_key.sign(text.encode("utf-8"))
    return f"{text}\n{SIG_PREFIX}{name} {b64(kid + signature)}\n", f"{name}+{kid.hex()}+{b64(key)}"


def flip_bit(data, rng):
    i = rng.randrange(len(data))
    return data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1:]


def synthetic_export(count, change=None):
    """A valid export of `count` AgencyRegistered events; `change` = a position whose agency name
    is altered (the chain is recomputed, as a rewriter would)."""
    out, previous = [], bytes(32)
    for p in range(1, count + 1):
        code = f"T{p:04d}"
        name = f"Agency {p}" + (" (altered)" if p == change else "")
        record = {"position": p, "stream": f"agency/{code}", "version": 1,
                  "recordedAt": "2026-01-01T00:00:00.000000Z",
                  "id": f"00000000-0000-4000-8000-{p:012x}", "type": "AgencyRegistered",
                  "occurredAt": "2025-01-01T08:00:00+07:00",
                  "data": {"agency": code, "name": name, "level": "province"}}
        data = json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        previous = sha256(previous + data)
        out.append(data[:-1] + b',"hash":"' + previous.hex().encode("ascii") + b'"}\n')
    return b"".join(out)


def expect_failure(what, check):
    try:
        check()
    except Failure as failure:
        return str(failure)
    raise AssertionError(f"{what}: accepted, should have failed")


def self_test():
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    try:
        run_self_test(rng)
    except AssertionError as error:
        print(f"self-test FAILED (random seed {seed}): {error}", file=sys.stderr)
        return 1
    print("self-test ok")
    return 0


def run_self_test(rng):
    # 1. RFC 6962 tree vectors: roots of the first n of eight leaves, recursively and in one pass.
    data = [b"", b"\x00", b"\x10", b"\x20\x21", b"\x30\x31", b"\x40\x41\x42\x43",
            bytes(range(0x50, 0x58)), bytes(range(0x60, 0x70))]
    expected = {
        1: "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
        2: "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
        3: "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
        4: "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
        5: "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
        6: "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
        7: "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
        8: "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
    }
    leaves = [leaf_hash(d) for d in data]
    one_pass = roots_at(leaves, range(0, 9))
    assert one_pass[0] == EMPTY_ROOT
    assert EMPTY_ROOT.hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    for n, root in expected.items():
        assert reference_mth(leaves[:n]).hex() == root, f"RFC 6962 vector: recursive MTH of {n} leaves"
        assert one_pass[n].hex() == root, f"RFC 6962 vector: one-pass MTH of {n} leaves"

    # 2. The frontier agrees with the recursive definition for every size up to 130.
    many = [leaf_hash(rng.randbytes(rng.randrange(20))) for _ in range(130)]
    one_pass = roots_at(many, range(131))
    for n in range(131):
        assert one_pass[n] == reference_mth(many[:n]), f"frontier root of size {n}"

    # 3. Go's signed-note vector, and every one-character change of it fails.
    peter = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"
    text = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
    note = text + ("\n\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdn"
                   "gotpRZb6KE6RyyBwJnAM=\n")
    verifier = parse_verifier(peter)
    assert open_note(note.encode("utf-8"), verifier) == text, "Go note vector"
    for i, c in enumerate(note):
        changed = note[:i] + ("x" if c != "x" else "y") + note[i + 1:]
        expect_failure(f"note with character {i} changed", lambda: open_note(changed.encode("utf-8"), verifier))
    # The same key under another name: a wrong key id is refused; with its own id, no signature by it.
    public = b64decode_strict(peter.split("+", 2)[2])
    try:
        parse_verifier("PeterNeuman+c74f20a3+" + peter.split("+", 2)[2])
        raise AssertionError("a verifier whose key id does not match its name was accepted")
    except ValueError:
        pass
    other = parse_verifier(f"PeterNeuman+{key_id('PeterNeuman', public).hex()}+{b64(public)}")
    expect_failure("note checked with a key of another name", lambda: open_note(note.encode("utf-8"), other))
    renamed = note.replace("\u2014 PeterNeumann ", "\u2014 PeterNeuman ")
    expect_failure("signature line under another name", lambda: open_note(renamed.encode("utf-8"), verifier))
    # A signature by some other key is skipped; a second, bad one claiming this key rejects the note.
    stranger = f"\u2014 SomeoneElse {b64(rng.randbytes(68))}\n"
    assert open_note((note + stranger).encode("utf-8"), verifier) == text, "other keys' lines are skipped"
    assert open_note((text + "\n" + stranger + note[len(text) + 1:]).encode("utf-8"), verifier) == text
    forged = f"\u2014 PeterNeumann {b64(verifier.key_id + rng.randbytes(64))}\n"
    expect_failure("a bad signature claiming the key", lambda: open_note((note + forged).encode("utf-8"), verifier))
    for bad in (text, text + "\n", note.replace("\n\u2014", "\n-"), note.replace("\n", "\r\n"), note[:-1]):
        expect_failure("malformed note", lambda: open_note(bad.encode("utf-8"), verifier))

    # 4. Checkpoints: a generated key signs; the body is parsed; extensions ignored; origin checked.
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    private = Ed25519PrivateKey.generate()
    root = rng.randbytes(32)
    signed, key_text = sign_note(f"example.org/log\n17\n{b64(root)}\nextension line\n", "example.org/log", private)
    key = parse_verifier(key_text)
    assert parse_checkpoint(open_note(signed.encode("utf-8"), key)) == ("example.org/log", 17, root)
    for body in ("example.org/log\n17\n", f"example.org/log\n017\n{b64(root)}\n",
                 f"example.org/log\n-1\n{b64(root)}\n", f"example.org/log\n17\n{b64(root[:31])}\n",
                 f"\n17\n{b64(root)}\n"):
        signed = sign_note(body, "example.org/log", private)[0].encode("utf-8")
        expect_failure(f"checkpoint {body!r}", lambda: parse_checkpoint(open_note(signed, key)))

    # 5. Proofs generated by the RFC's PATH and PROOF verify, for all leaves and pairs of sizes
    #    1..40; altering any hash, dropping or adding one, or another leaf or root makes them fail.
    leaves = [leaf_hash(rng.randbytes(rng.randrange(1, 40))) for _ in range(40)]
    roots = roots_at(leaves, range(41))
    for n in range(1, 41):
        for m in range(n):
            proof = reference_path(m, leaves[:n])
            assert verify_inclusion(m, n, leaves[m], proof, roots[n]), f"inclusion of leaf {m} in size {n}"
            for j in range(len(proof)):
                altered = proof[:j] + [flip_bit(proof[j], rng)] + proof[j + 1:]
                assert not verify_inclusion(m, n, leaves[m], altered, roots[n]), f"altered inclusion {m}/{n}"
            assert not verify_inclusion(m, n, flip_bit(leaves[m], rng), proof, roots[n]), f"other leaf {m}/{n}"
            assert not verify_inclusion(m, n, leaves[m], proof, flip_bit(roots[n], rng)), f"other root {m}/{n}"
            assert not verify_inclusion(m, n, leaves[m], proof + [rng.randbytes(32)], roots[n]), f"longer {m}/{n}"
            if proof:
                assert not verify_inclusion(m, n, leaves[m], proof[:-1], roots[n]), f"shorter {m}/{n}"
            for bigger in range(n + 1, 41):  # a proof too short for the claimed size (RFC step 5: sn = 0)
                if len(reference_path(m, leaves[:bigger])) > len(proof):
                    assert not verify_inclusion(m, bigger, leaves[m], proof, roots[n]), f"size {bigger} for {m}/{n}"
        assert not verify_inclusion(n, n, leaves[0], [], roots[n]), "index out of range"
    for n in range(1, 41):
        assert verify_consistency(n, n, [], roots[n], roots[n]), f"consistency {n}/{n}"
        assert not verify_consistency(n, n, [roots[n]], roots[n], roots[n]), f"non-empty proof {n}/{n}"
        assert verify_consistency(0, n, [], EMPTY_ROOT, roots[n]), f"consistency 0/{n}"
        assert not verify_consistency(0, n, [roots[n]], EMPTY_ROOT, roots[n]), f"non-empty proof 0/{n}"
        for m in range(1, n):
            proof = reference_subproof(m, leaves[:n], True)
            assert verify_consistency(m, n, proof, roots[m], roots[n]), f"consistency {m}/{n}"
            assert not verify_consistency(n, m, proof, roots[n], roots[m]), f"reversed {m}/{n}"
            for j in range(len(proof)):
                altered = proof[:j] + [flip_bit(proof[j], rng)] + proof[j + 1:]
                assert not verify_consistency(m, n, altered, roots[m], roots[n]), f"altered consistency {m}/{n}"
            assert not verify_consistency(m, n, proof, flip_bit(roots[m], rng), roots[n]), f"other old root {m}/{n}"
            assert not verify_consistency(m, n, proof, roots[m], flip_bit(roots[n], rng)), f"other new root {m}/{n}"
            assert not verify_consistency(m, n, proof + [rng.randbytes(32)], roots[m], roots[n]), f"longer {m}/{n}"
            assert not verify_consistency(m, n, proof[:-1], roots[m], roots[n]), f"shorter {m}/{n}"
            assert not verify_consistency(m, n, [], roots[m], roots[n]), f"empty proof {m}/{n}"
            for bigger in range(n + 1, 41):  # a proof too short for the claimed size (RFC step 7: sn = 0)
                if len(reference_subproof(m, leaves[:bigger], True)) > len(proof):
                    assert not verify_consistency(m, bigger, proof, roots[m], roots[n]), f"size {bigger} for {m}/{n}"

    # 6. The whole path on a synthetic export of 7 events, with a checkpoint of size 5.
    verify_export = load_verify_export()
    export = synthetic_export(7)
    leaves = [leaf_hash(record_bytes(line)) for line in export.split(b"\n")[:-1]]
    roots = roots_at(leaves, range(8))
    name = "test.example/motcua"
    key = parse_verifier(sign_note("unused\n", name, private)[1])

    def checkpoint_file(size, origin=name):
        return ("cp", sign_note(f"{origin}\n{size}\n{b64(roots[size])}\n", name, private)[0].encode("utf-8"))

    def inclusion_file(position, size, hashes=None):
        hashes = reference_path(position - 1, leaves[:size]) if hashes is None else hashes
        return ("inc", json.dumps({"position": position, "size": size, "hashes": [b64(h) for h in hashes]}).encode())

    def consistency_file(old, new, hashes=None):
        hashes = reference_subproof(old, leaves[:new], True) if hashes is None else hashes
        return ("con", json.dumps({"from": old, "to": new, "hashes": [b64(h) for h in hashes]}).encode())

    def run(export, key=key, cps=(checkpoint_file(5),), inc=(inclusion_file(3, 5), inclusion_file(7, 7)),
            con=(consistency_file(5, 7), consistency_file(0, 5, []))):
        return audit(export, key, cps, inc, con, verify_export)

    report = run(export)
    assert report[-1].startswith("ok: 7 events, head position 7, "), report[-1]
    assert f"tree root {b64(roots[7])};" in report[-1], report[-1]
    assert "signed by checkpoint cp" in report[1] and "computed from the export" in report[2], report
    failure = expect_failure("truncated export", lambda: run(synthetic_export(4), inc=[], con=[]))
    assert failure.endswith("only 4 events (truncated?)"), failure
    failure = expect_failure("export rewritten before the checkpoint", lambda: run(synthetic_export(7, change=3)))
    assert "(rewritten?)" in failure, failure
    failure = expect_failure("export rewritten after the checkpoint", lambda: run(synthetic_export(7, change=6)))
    assert failure.startswith("inclusion inc: the proof does not verify"), failure
    failure = expect_failure("edited line", lambda: run(export.replace(b"Agency 2", b"Agency X")))
    assert "hash mismatch" in failure, failure
    other_key = parse_verifier(sign_note("unused\n", name, Ed25519PrivateKey.generate())[1])
    assert "no signature" in expect_failure("wrong key", lambda: run(export, key=other_key))
    assert "origin" in expect_failure("wrong origin", lambda: run(export, cps=[checkpoint_file(5, "elsewhere")]))
    bad = [inclusion_file(3, 5, [flip_bit(leaves[0], rng)] * 3)]
    assert "does not verify" in expect_failure("bad inclusion proof", lambda: run(export, inc=bad))
    bad = [inclusion_file(6, 5, [])]
    assert "not in a tree" in expect_failure("position out of range", lambda: run(export, inc=bad))
    bad = [inclusion_file(1, 8, [])]
    assert "only 7 events" in expect_failure("size out of range", lambda: run(export, inc=bad))
    bad = [consistency_file(3, 7, reference_subproof(5, leaves, True))]
    assert "does not verify" in expect_failure("bad consistency proof", lambda: run(export, con=bad))
    later = export.split(b"\n", 1)[1]
    assert "start at position 1" in expect_failure("later export", lambda: run(later, cps=[], inc=[], con=[]))
    empty = run(b"", cps=[], inc=[], con=[])[-1]
    assert empty.startswith(f"ok: 0 events, head position 0, hash {'0' * 64}, tree root {b64(EMPTY_ROOT)};"), empty


# --- Command line ----------------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser(
        usage="%(prog)s EXPORT --key KEY [--checkpoint FILE ...] [--inclusion FILE ...] [--consistency FILE ...]\n"
              "       %(prog)s --self-test",
        description="Verify a motcua export against its Merkle tree, signed checkpoints and "
                    "inclusion/consistency proofs (docs/hash-chain.md for the export).")
    parser.add_argument("export", nargs="?", help="NDJSON export starting at position 1, or - for stdin")
    parser.add_argument("--key", help="verifier key text <name>+<id>+<base64>, or @FILE holding it")
    parser.add_argument("--checkpoint", action="append", default=[], metavar="FILE", help="signed checkpoint note")
    parser.add_argument("--inclusion", action="append", default=[], metavar="FILE", help="inclusion proof (JSON)")
    parser.add_argument("--consistency", action="append", default=[], metavar="FILE", help="consistency proof (JSON)")
    parser.add_argument("--self-test", action="store_true", help="check the algorithms against test vectors")
    args = parser.parse_args()
    if Ed25519PublicKey is None:
        parser.error("needs the `cryptography` package: python3 -m pip install cryptography")
    if args.self_test:
        if args.export or args.key or args.checkpoint or args.inclusion or args.consistency:
            parser.error("--self-test takes no other arguments")
        return self_test()
    if args.export is None or args.key is None:
        parser.error("EXPORT and --key are required (or --self-test)")

    def read(path, what):
        try:
            with open(path, "rb") as f:
                return f.read()
        except OSError as error:
            parser.error(f"cannot read {what} {path}: {error.strerror}")

    key_text = args.key
    if key_text.startswith("@"):
        key_text = read(key_text[1:], "key file").decode("utf-8", "replace")
    try:
        verifier = parse_verifier(key_text.strip())
    except ValueError as error:
        parser.error(f"--key: {error}")
    export = sys.stdin.buffer.read() if args.export == "-" else read(args.export, "export")
    try:
        verify_export = load_verify_export()
    except OSError as error:
        parser.error(f"cannot load verify-export.py next to this script: {error}")
    try:
        report = audit(export, verifier,
                       [(p, read(p, "checkpoint")) for p in args.checkpoint],
                       [(p, read(p, "inclusion proof")) for p in args.inclusion],
                       [(p, read(p, "consistency proof")) for p in args.consistency],
                       verify_export)
    except Failure as failure:
        print(failure, file=sys.stderr)
        return 1
    print("\n".join(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
