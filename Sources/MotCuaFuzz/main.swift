// motcua-fuzz: the decoders of outside bytes, under libFuzzer or over a corpus.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (see .ci/fuzz), `MOTCUA_FUZZ_TARGET=TARGET motcua-fuzz
// [libFuzzer options] [CORPUS...]` hands the command line to libFuzzer's driver, which fuzzes one target
// (FuzzEntry.swift). Built normally, `motcua-fuzz TARGET FILE|DIR...` runs every file once through
// the target (the regression mode the unit tests use) and prints how many ran.
import Foundation

#if FUZZING
    exit(runFuzzDriver())
#else
    let arguments = CommandLine.arguments
    guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("usage: motcua-fuzz TARGET [FILE|DIR...]; targets: \(names)\n".utf8))
        exit(2)
    }
    var files: [URL] = []
    for path in arguments.dropFirst(2) {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            FileHandle.standardError.write(Data("motcua-fuzz: no such file: \(path)\n".utf8))
            exit(1)
        }
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            files += names.sorted().map { url.appendingPathComponent($0) }
        } else {
            files.append(url)
        }
    }
    for file in files {
        guard let data = try? Data(contentsOf: file) else { continue }
        target.run(Array(data))
    }
    print("\(target.rawValue): \(files.count) inputs ran")
#endif
