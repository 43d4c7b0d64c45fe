import ArgumentParser
import Foundation
import ServiceKit

/// `djctl keys`: CURVE key pairs for the bus. Secrets go to files (0600) and are never printed.
struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make and list the CURVE keys of the bus (the broker's and each process's).",
        subcommands: [Generate.self, List.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write NAME.key (the pair, 0600) and NAME.pub (the public key) into a directory.",
            discussion: """
            Make one for the broker and one per process (or per host). Give every process its .key and the
            broker's .pub; put every client's .pub into the broker's key directory (--curve-clients).
            """)

        @Option(help: "Directory to write into (made if absent).") var dir: String
        @Option(parsing: .upToNextOption, help: "One or more names, e.g. broker identity dues gateway.") var name: [String]

        func run() throws {
            for name in name {
                let keys = try CurveKeyFile.generate(name: name, in: dir)
                print("\(name): \(CurveKeyFile.fingerprint(keys.publicKey)) → \(dir)/\(name).key (0600), \(dir)/\(name).pub")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the public keys in a directory by name and fingerprint.")

        @Option(help: "A key directory (e.g. the broker's --curve-clients).") var dir: String

        func run() throws {
            let keys = try CurveKeyFile.directory(dir).sorted { $0.value < $1.value }
            for (key, name) in keys { print("\(name)\t\(CurveKeyFile.fingerprint(key))") }
            if keys.isEmpty { print("（无公钥）") }
        }
    }
}
