/// The non-cryptographic hashes of the domain, each written once.
package enum Hashing {
    /// The multiply–xorshift finaliser of SplitMix64: every input bit affects every output bit.
    @inlinable
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// FNV-1a 64 of `bytes`, from `basis` (the standard offset basis by default).
    package static func fnv1a(_ bytes: some Sequence<UInt8>, basis: UInt64 = 0xCBF2_9CE4_8422_2325) -> UInt64 {
        var hash = basis
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return hash
    }

    /// Eight bytes per step, each word (little-endian; the tail padded with zeros) mixed into the hash by
    /// ``mix(_:)``, from `seed`. Fast over short keys and whole events alike; not for anything stored.
    @inlinable
    package static func words(_ raw: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var hash = seed
        var offset = 0
        while offset + 8 <= raw.count {
            hash = mix(hash ^ raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < raw.count {
            tail |= UInt64(raw[offset]) << shift
            shift += 8
            offset += 1
        }
        return mix(hash ^ tail)
    }
}
