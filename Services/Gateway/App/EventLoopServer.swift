import HummingbirdCore
import Logging
import NIOCore

/// HTTP/1.1 whose connections are served on their own event loop thread.
///
/// Hummingbird handles each connection in a task on Swift's global executor: every request then
/// crossed threads twice inside the gateway (the event loop hands the parsed request to a pool
/// thread, and the pool thread hands the response back), besides the hops to the bus client's
/// thread and back. With the connection's event loop as the task's preferred executor, the request
/// is handled where it was read and the response written where it is sent; a bus reply resumes the
/// handler on that loop directly. Handlers await the bus and files rather than block; what CPU work
/// they do (a page, an export's PDF) holds the loop as it held a pool thread before, and there are as
/// many loops as cores, as there were pool threads.
extension HTTPServerBuilder {
    static func http1OnEventLoops(configuration: HTTP1Channel.Configuration = .init()) -> HTTPServerBuilder {
        .init { responder in
            EventLoopBound(inner: HTTP1Channel(responder: responder, configuration: configuration))
        }
    }
}

/// A child channel whose `handle` runs with its channel's event loop as the preferred task executor.
struct EventLoopBound<Inner: ServerChildChannel>: ServerChildChannel {
    typealias Value = Inner.Value
    let inner: Inner

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        inner.setup(channel: channel, logger: logger)
    }

    func handle(value: Value, logger: Logger) async {
        await withTaskExecutorPreference(EventLoopTaskExecutor(value.channel.eventLoop)) {
            await inner.handle(value: value, logger: logger)
        }
    }
}

/// An event loop as a `TaskExecutor`: jobs run on the loop's thread, in order.
final class EventLoopTaskExecutor: TaskExecutor {
    let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        loop.execute { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
