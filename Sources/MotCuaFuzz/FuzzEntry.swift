#if FUZZING
    import Foundation

    extension FuzzTarget {
        /// The target of this run, named by `MOTCUA_FUZZ_TARGET`; read once, before the first input.
        static let selected: FuzzTarget = {
            let name = ProcessInfo.processInfo.environment["MOTCUA_FUZZ_TARGET"] ?? ""
            guard let target = FuzzTarget(rawValue: name) else {
                let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
                FileHandle.standardError.write(Data("set MOTCUA_FUZZ_TARGET to one of: \(names)\n".utf8))
                exit(2)
            }
            return target
        }()
    }

    /// libFuzzer's callback, for libFuzzer's own `main` (which the link may pick instead of ours).
    /// Swift code must not refer to it: a reference emits a second definition of the C symbol.
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        FuzzTarget.selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
        return 0
    }

    /// libFuzzer's driver for a program with a `main` of its own (LLVM ≥ 11).
    @_silgen_name("LLVMFuzzerRunDriver")
    private func llvmFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// Hands the command line to libFuzzer, which calls the selected target once per input.
    func runFuzzDriver() -> CInt {
        _ = FuzzTarget.selected
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return llvmFuzzerRunDriver(&argc, &argv) { data, size in
            FuzzTarget.selected.run(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
            return 0
        }
    }
#endif
