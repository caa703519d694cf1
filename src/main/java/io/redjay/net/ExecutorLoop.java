package io.redjay.net;

import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SingleThreadIoEventLoop;
import io.netty.util.concurrent.EventExecutor;

import java.util.concurrent.Executor;

/**
 * The executor's event loop, able to turn once from inside a task: what a busy script needs to serve other clients
 * while it still runs (Redis's {@code processEventsWhileBlocked}).
 *
 * <p>{@link #turnOnce} polls the sockets without blocking and runs the tasks that are due, all on the executor
 * thread, nested inside the task that runs the script. That is safe only when no socket event is being processed
 * further up the stack, because the transport reuses its event array between polls; the dispatcher guarantees it by
 * never starting a script inside a read callback (such a request is moved to a task of its own first).
 */
final class ExecutorLoop extends SingleThreadIoEventLoop {
    private static final Runnable NOTHING = () -> { };

    ExecutorLoop(IoEventLoopGroup parent, Executor executor, IoHandlerFactory factory) {
        super(parent, executor, factory);
    }

    /** Polls the sockets once without waiting and runs the tasks that are due. Executor thread only. */
    void turnOnce() {
        execute(NOTHING); // a pending task makes the poll return at once instead of waiting for the next timer
        runIo();
        runAllTasks();
    }

    /** The group of the one executor loop. */
    static final class Group extends MultiThreadIoEventLoopGroup {
        Group(NamedThreads threads, IoHandlerFactory factory) {
            super(1, threads, factory);
        }

        @Override
        protected ExecutorLoop newChild(Executor executor, IoHandlerFactory factory, Object... args) {
            return new ExecutorLoop(this, executor, factory);
        }

        ExecutorLoop loop() {
            EventExecutor e = next();
            return (ExecutorLoop) e;
        }
    }
}
