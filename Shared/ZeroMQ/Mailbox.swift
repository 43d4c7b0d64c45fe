import CZeroMQ
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Hands commands from any thread or task to the one thread that owns some sockets.
///
/// The owner polls `fileDescriptor` (an eventfd) beside its sockets; posting wakes it.
/// Only the post that finds the queue empty writes the eventfd, so a burst of commands costs one
/// wake-up, and the owner takes them all in one `drain()`. The system calls stay outside the lock:
/// posters and the owner contend for it on every request (held across a write it showed in the
/// gateway's profile as lock spinning).
///
/// An owner that calls `adopt()` posts to itself without a wake-up: it promises to drain until
/// empty before it next waits.
public final class Mailbox<Command: Sendable>: Sendable {
    public let fileDescriptor: Int32
    private let queue = Mutex<[Command]>([])
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
        let wasEmpty = queue.withLock { queue in
            queue.append(command)
            return queue.count == 1
        }
        if wasEmpty && !postedByOwner { signal() }
    }

    public func post(contentsOf commands: [Command]) {
        guard !commands.isEmpty else { return }
        let wasEmpty = queue.withLock { queue in
            let empty = queue.isEmpty
            queue.append(contentsOf: commands)
            return empty
        }
        if wasEmpty && !postedByOwner { signal() }
    }

    /// Takes every waiting command. Clears the eventfd first, so a post racing with this drain
    /// either lands in this batch or wakes the next poll. `clearingWakeUp: false` leaves the eventfd
    /// alone (no system call): for an owner whose poll did not find it readable, or draining again
    /// in the same pass; a wake-up it leaves makes the next poll return at once, nothing is lost.
    public func drain(clearingWakeUp: Bool = true) -> [Command] {
        if clearingWakeUp {
            var counter: UInt64 = 0
            _ = read(fileDescriptor, &counter, MemoryLayout<UInt64>.size)
        }
        return queue.withLock { queue in
            guard !queue.isEmpty else { return [] }
            let batch = queue
            queue.removeAll(keepingCapacity: true)
            return batch
        }
    }

    private var postedByOwner: Bool { owner.load(ordering: .relaxed) == UInt(pthread_self()) }

    private func signal() {
        var one: UInt64 = 1
        _ = write(fileDescriptor, &one, MemoryLayout<UInt64>.size)
    }
}
