// swift-tools-version:6.1
import PackageDescription

// Layout is fixed by the design card: Shared/ holds what every service stands on,
// Services/<Name>/{Core,Server} a service's library and its thin executable.
let package = Package(
    name: "Dangjian",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "broker", targets: ["BrokerServer"]),
        .executable(name: "bus-fixture", targets: ["BusFixture"]),
        .executable(name: "busbench", targets: ["BusBench"]),
        .executable(name: "identitybench", targets: ["IdentityBench"]),
        .executable(name: "wirebench", targets: ["WireBench"]),
        .executable(name: "notifybench", targets: ["NotifyBench"]),
        .executable(name: "identity", targets: ["IdentityServer"]),
        .executable(name: "djctl", targets: ["DJCtl"]),
        .executable(name: "notifications", targets: ["NotificationsServer"]),
        .executable(name: "provider-sim", targets: ["ProviderSimulator"]),
        .executable(name: "dues", targets: ["DuesServer"]),
        .executable(name: "duesbench", targets: ["DuesBench"]),
        .executable(name: "payments", targets: ["PaymentsServer"]),
        .executable(name: "transfers", targets: ["TransfersServer"]),
        .executable(name: "transferbench", targets: ["TransferBench"]),
        .executable(name: "meetings", targets: ["MeetingsServer"]),
        .executable(name: "meetingbench", targets: ["MeetingBench"]),
        .executable(name: "portalbench", targets: ["PortalBench"]),
        .executable(name: "paybench", targets: ["PayBench"]),
        .executable(name: "gateway", targets: ["GatewayServer"]),
        .executable(name: "hellobench", targets: ["HelloBench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // MARK: Shared
        .systemLibrary(
            name: "CZeroMQ",
            path: "Shared/CZeroMQ",
            pkgConfig: "libzmq",
            providers: [.apt(["libzmq3-dev"])]
        ),
        .target(name: "ZeroMQ", dependencies: ["CZeroMQ"], path: "Shared/ZeroMQ"),
        .target(name: "Schema", path: "Shared/Schema", exclude: ["WIRE.md"]),
        // PDFs in Chinese and QR codes, from Debian's pango/cairo (with fonts-noto-cjk) and libqrencode.
        .systemLibrary(
            name: "CPangoCairo",
            path: "Shared/CPangoCairo",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libcairo2-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            path: "Shared/CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(name: "Documents", dependencies: ["CPangoCairo", "CQREncode", "CXLSXWriter", .product(name: "Crypto", package: "swift-crypto")],
                path: "Shared/Documents", exclude: ["README.md"]),
        // Mail to the installation's SMTP relay (RFC 5321 client, MIME building): notifications sends with it.
        .target(name: "Mail", path: "Shared/Mail"),
        // Who administers what: pure rules every service applies to its own copy of the tree.
        .target(name: "Authority", dependencies: ["Schema"], path: "Shared/Authority"),
        // Slow, memory-hard password hashes (scrypt) off the cooperative pool: login passwords in
        // identity, transaction passwords in payments.
        .target(
            name: "Passwords",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), .product(name: "CryptoExtras", package: "swift-crypto")],
            path: "Shared/Passwords"
        ),
        .target(
            name: "Bus",
            dependencies: ["ZeroMQ", "Schema", .product(name: "Logging", package: "swift-log")],
            path: "Shared/Bus"
        ),
        .target(
            name: "Store",
            // Schema: the event log stores envelopes, and EventWriter builds them.
            // Crypto: backups carry each file's SHA-256.
            dependencies: ["Schema", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "Crypto", package: "swift-crypto")],
            path: "Shared/Store"
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Bus", "Store", "Schema", "ZeroMQ",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            path: "Shared/ServiceKit"
        ),

        // MARK: Services
        .target(name: "BrokerCore", path: "Services/Broker/Core"),
        .executableTarget(
            name: "BrokerServer",
            dependencies: ["BrokerCore", "ServiceKit", "ZeroMQ"],
            path: "Services/Broker/Server"
        ),

        .target(
            name: "Identity",
            dependencies: [
                "Store", "Schema", "Authority", "Passwords",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Services/Identity/Core"
        ),
        .executableTarget(
            name: "IdentityServer",
            dependencies: ["Identity", "ServiceKit", .product(name: "Metrics", package: "swift-metrics")],
            path: "Services/Identity/Server"
        ),
        .executableTarget(
            name: "DJCtl",
            dependencies: [
                "Identity", "Store", "Schema", "ServiceKit", "Bus",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Identity/CLI"
        ),

        .target(
            name: "Notifications",
            dependencies: [
                "Store", "Schema", "Authority", "Mail",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Services/Notifications/Core"
        ),
        .executableTarget(
            name: "NotificationsServer",
            dependencies: ["Notifications", "ServiceKit", "Bus", "Schema"],
            path: "Services/Notifications/Server"
        ),

        .systemLibrary(
            name: "CXLSXWriter",
            path: "Services/Dues/CXLSXWriter",
            pkgConfig: "xlsxwriter",
            providers: [.apt(["libxlsxwriter-dev"])]
        ),
        .target(
            name: "Dues",
            dependencies: ["Store", "Schema", "Authority", "Documents", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Services/Dues/Core"
        ),
        .executableTarget(
            name: "DuesServer",
            dependencies: ["Dues", "ServiceKit"],
            path: "Services/Dues/Server"
        ),

        // zlib inflates the providers' statement zips (Alipay's bill); Foundation on Linux has no zip API.
        .systemLibrary(
            name: "CZlib",
            path: "Services/Payments/CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(
            name: "Payments",
            dependencies: [
                "Store", "Schema", "Documents", "Passwords", "CZlib", "Authority",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            path: "Services/Payments/Core"
        ),
        .executableTarget(
            name: "PaymentsServer",
            dependencies: ["Payments", "Passwords", "ServiceKit", "Bus", "Schema", .product(name: "CryptoExtras", package: "swift-crypto")],
            path: "Services/Payments/Server"
        ),

        // Transfers (组织关系转接): approvals, 介绍信 PDFs, 回执 files.
        .target(
            name: "Transfers",
            dependencies: [
                "Store", "Schema", "Documents", "Authority",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Services/Transfers/Core"
        ),
        .executableTarget(
            name: "TransfersServer",
            dependencies: ["Transfers", "ServiceKit", "Bus", "Schema"],
            path: "Services/Transfers/Server"
        ),

        // Meetings (组织生活：三会一课): publishing, replies, QR check-in, quorum, anonymous votes.
        .target(
            name: "Meetings",
            dependencies: [
                "Store", "Schema", "Documents", "Authority",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Meetings/Core"
        ),
        .executableTarget(
            name: "MeetingsServer",
            dependencies: ["Meetings", "ServiceKit", "Bus", "Schema"],
            path: "Services/Meetings/Server"
        ),

        // The gateway: HTTP in, bus requests out. Its library holds the route table, error mapping,
        // OpenAPI generation, JWT verification and rate limiter (no sockets); it never imports a
        // service library.
        .target(
            name: "GatewayCore",
            dependencies: [
                "Schema",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Gateway/Core"
        ),
        // The gateway's HTTP application (router, middleware, routes): a library so tests run it
        // in-process with HummingbirdTesting.
        .target(
            name: "GatewayApp",
            dependencies: [
                "GatewayCore", "Bus", "Schema", "ZeroMQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Gateway/App"
        ),
        // The web portal (server-rendered HTML pages, in Chinese) the gateway serves under `/`: part of
        // the gateway's process and its library only, it calls the services through GatewayState's bus
        // as the logged-in actor, like the JSON routes.
        .target(
            name: "Portal",
            dependencies: [
                // Documents: QR codes drawn for payment pages (libqrencode).
                "GatewayApp", "GatewayCore", "Schema", "Documents",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Services/Gateway/Portal"
        ),
        .executableTarget(
            name: "GatewayServer",
            dependencies: [
                "GatewayApp", "Portal", "GatewayCore", "ServiceKit", "Bus", "Schema", "ZeroMQ",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Services/Gateway/Server"
        ),

        // MARK: Test fixtures, simulators and benchmarks
        // The simulator's logic is a library so SimulatorTests can start it in-process;
        // the executable only parses flags and runs it.
        .target(
            name: "ProviderSimulatorCore",
            dependencies: [
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                "CZlib",   // statements: UnionPay's deflated fileContent
            ],
            path: "Tests/Simulator/Core"
        ),
        .executableTarget(
            name: "ProviderSimulator",
            dependencies: [
                "ProviderSimulatorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/Simulator/Server"
        ),
        .executableTarget(
            name: "BusFixture",
            dependencies: ["ServiceKit"],
            path: "Tests/Fixtures/BusFixture"
        ),
        .executableTarget(
            name: "BusBench",
            dependencies: ["Bus", "ZeroMQ", "ServiceKit"],
            path: "Tests/Benchmarks/BusBench"
        ),
        .executableTarget(
            name: "WireBench",
            dependencies: ["Schema"],
            path: "Tests/Benchmarks/WireBench"
        ),
        .executableTarget(
            name: "IdentityBench",
            dependencies: [
                "Identity", "Store", "Schema",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/Benchmarks/IdentityBench"
        ),
        // The money path as real processes (broker, simulator, dues, payments, gateway) for paybench and
        // the payments fault test.
        .executableTarget(
            name: "MeetingBench",
            dependencies: ["Meetings", "Store", "Schema", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/Benchmarks/MeetingBench"
        ),
        .executableTarget(
            name: "TransferBench",
            dependencies: ["Transfers", "Payments", "Store", "Schema", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/Benchmarks/TransferBench"
        ),
        .target(
            name: "PayCity",
            dependencies: ["Dues", "Identity", "Store", "Schema", "Bus", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client")],
            path: "Tests/Fixtures/PayCity"
        ),
        .executableTarget(
            name: "PayBench",
            dependencies: ["PayCity", "Bus", "ZeroMQ", "Schema", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser"),
                           .product(name: "AsyncHTTPClient", package: "async-http-client"),
                           .product(name: "CryptoExtras", package: "swift-crypto")],
            path: "Tests/Benchmarks/PayBench"
        ),
        .executableTarget(
            name: "DuesBench",
            dependencies: ["Dues", "Store", "Schema", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/Benchmarks/DuesBench"
        ),
        // The portal's pages through the gateway's router, dues answering in-process from a real store.
        .executableTarget(
            name: "PortalBench",
            dependencies: [
                "Portal", "GatewayApp", "GatewayCore", "Dues", "Store", "Schema", "ServiceKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/Benchmarks/PortalBench"
        ),
        // GatewayBench's floor: a bare Hummingbird hello-world from the same dependency as the gateway.
        .executableTarget(
            name: "HelloBench",
            dependencies: [.product(name: "Hummingbird", package: "hummingbird")],
            path: "Tests/Benchmarks/GatewayBench/Hello"
        ),

        .executableTarget(
            name: "NotifyBench",
            dependencies: [
                "Notifications", "Store", "Schema", "Bus", "ZeroMQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/Benchmarks/NotifyBench"
        ),

        // MARK: Tests
        .testTarget(name: "ZeroMQTests", dependencies: ["ZeroMQ"], path: "Tests/ZeroMQTests"),
        .testTarget(name: "SchemaTests", dependencies: ["Schema"], path: "Tests/SchemaTests"),
        .testTarget(name: "DocumentsTests", dependencies: ["Documents"], path: "Tests/DocumentsTests"),
        // The SMTP client against the simulator's sink over real TCP.
        .testTarget(name: "MailTests", dependencies: ["Mail", "ProviderSimulatorCore"], path: "Tests/MailTests"),
        .testTarget(name: "AuthorityTests", dependencies: ["Authority", "Schema"], path: "Tests/AuthorityTests"),
        .testTarget(name: "StoreTests", dependencies: ["Store"], path: "Tests/StoreTests"),
        .testTarget(name: "BusTests", dependencies: ["Bus", "ZeroMQ", "Schema"], path: "Tests/BusTests"),
        .testTarget(name: "BrokerCoreTests", dependencies: ["BrokerCore"], path: "Tests/BrokerCoreTests"),
        .testTarget(
            name: "IdentityTests",
            dependencies: [
                "Identity", "Passwords", "Store", "Schema", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/IdentityTests"
        ),
        .testTarget(
            name: "NotificationsTests",
            // ProviderSimulatorCore: its SMTP sink plays the relay for EmailRelayTests.
            dependencies: ["Notifications", "Store", "Schema", "ProviderSimulatorCore", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/NotificationsTests"
        ),
        .testTarget(
            name: "DuesTests",
            dependencies: ["Dues", "Store", "Schema", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/DuesTests"
        ),
        .testTarget(
            name: "PaymentsTests",
            dependencies: [
                "Payments", "Passwords", "Store", "Schema", "Documents",
                // The provider simulator plays Alipay over real HTTP for the gateway client's tests
                // (a separate library: it shares no code with the service).
                "ProviderSimulatorCore",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            path: "Tests/PaymentsTests",
            // openssl-made vectors, read by path (Fixtures/README.md).
            exclude: ["Fixtures"]
        ),
        .testTarget(
            name: "TransfersTests",
            dependencies: ["Transfers", "Store", "Schema", "Documents", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "Logging", package: "swift-log")],
            path: "Tests/TransfersTests"
        ),
        .testTarget(
            name: "MeetingsTests",
            dependencies: ["Meetings", "Store", "Schema", "Documents", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Tests/MeetingsTests"
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "Store", "Schema", "Bus", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            path: "Tests/ServiceKitTests"
        ),
        .testTarget(
            name: "SimulatorTests",
            dependencies: [
                "ProviderSimulatorCore",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
                .product(name: "FlyingFox", package: "FlyingFox"),
            ],
            path: "Tests/SimulatorTests"
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: ["GatewayCore", "Schema"],
            path: "Tests/GatewayTests"
        ),
        .testTarget(
            name: "GatewayAppTests",
            dependencies: [
                "GatewayApp", "GatewayCore", "Schema",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Tests/GatewayAppTests"
        ),
        .testTarget(
            name: "PortalTests",
            dependencies: [
                "Portal", "GatewayApp", "GatewayCore", "Schema",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/PortalTests"
        ),
        .testTarget(
            name: "SystemTests",
            dependencies: [
                "Bus", "Schema", "Store", "ServiceKit", "Identity",
                .product(name: "FlyingFox", package: "FlyingFox"),
                // The executables the system tests start as processes.
                "BrokerServer", "BusFixture", "IdentityServer", "DJCtl", "NotificationsServer", "ProviderSimulator",
                "DuesServer",
                "GatewayServer", "PaymentsServer", "PayCity", "TransfersServer", "MeetingsServer",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            path: "Tests/SystemTests"
        ),
    ],
    swiftLanguageModes: [.v6]
)
