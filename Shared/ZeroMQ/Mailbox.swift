import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Hands commands from any thread or task to the one thread that owns some sockets.
///
/// The owner polls `fileDescriptor` (an eventfd) beside its sockets; posting wakes it.
/// Only the post that finds nothing signalled writes the eventfd, so a burst of commands costs one
/// wake-up, and the owner takes them all in one `drain()`, which reads the eventfd only when it was
/// written (the eventfd and the flag change together under the lock, so neither strands a command
/// nor leaves the descriptor readable with nothing to take). An owner that calls `adopt()` posts to
/// itself without a wake-up: it promises to drain until empty before it next waits.
public final class Mailbox<Command: Sendable>: Sendable {
    public let fileDescriptor: Int32
    private let queue = Mutex<(commands: [Command], signalled: Bool)>(([], false))
    private let owner = Atomic<UInt>(0)

    public init() throws {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else { throw ZMQError(code: errno, operation: "eventfd") }
        fileDescriptor = fd
    }

    deinit { Glibc.close(fileDescriptor) }

    /// The calling thread owns this mailbox from now on (see above).
    public func adopt() {
        owner.store(UInt(pthread_self()), ordering: .relaxed)
    }

    public func post(_ command: Command) {
        let fromOwner = owner.load(ordering: .relaxed) == UInt(pthread_self())
        queue.withLock { queue in
            queue.commands.append(command)
            if !fromOwner { signal(&queue.signalled) }
        }
    }

    public func post(contentsOf commands: [Command]) {
        guard !commands.isEmpty else { return }
        let fromOwner = owner.load(ordering: .relaxed) == UInt(pthread_self())
        queue.withLock { queue in
            queue.commands.append(contentsOf: commands)
            if !fromOwner { signal(&queue.signalled) }
        }
    }

    /// Takes every waiting command.
    public func drain() -> [Command] {
        queue.withLock { queue in
            if queue.signalled {
                var counter: UInt64 = 0
                _ = read(fileDescriptor, &counter, MemoryLayout<UInt64>.size)
                queue.signalled = false
            }
            guard !queue.commands.isEmpty else { return [] }
            let batch = queue.commands
            queue.commands.removeAll(keepingCapacity: true)
            return batch
        }
    }

    private func signal(_ signalled: inout Bool) {
        guard !signalled else { return }
        var one: UInt64 = 1
        _ = write(fileDescriptor, &one, MemoryLayout<UInt64>.size)
        signalled = true
    }
}
