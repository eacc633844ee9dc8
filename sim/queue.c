/* queue.c - asyncio's queues.py. */
#include "queue.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "deque.h"
#include "event.h"
#include "heapq.h"
#include "task.h"
#include "trace.h"
#include "xalloc.h"

struct SimQueue {
    SimObj obj;
    SimLoop *loop;
    SimQueueKind kind;
    long maxsize;
    /* FIFO: a ring from head; LIFO: a stack from head (top at the end);
     * PRIORITY: a heapq list (head stays 0). */
    SimValue *items;
    size_t head, len, cap; /* cap: 0 or a power of two (indices are masked) */
    SimDeque getters, putters; /* of SimFuture*, each holding a reference */
    long unfinished;
    SimEvent *finished;
    bool is_shutdown;
    long dropped; /* items shutdown(immediate=True) threw away */
};

/* heapq compares with Python's `<`; an item Python cannot compare would
 * raise TypeError from heappush. The flag carries that out of the sift. */
static bool pq_type_error;

static bool pq_lt(const SimValue *a, const SimValue *b)
{
    return sim_value_lt(a, b, &pq_type_error);
}

#define PQ_LT(a, b) pq_lt((a), (b))
SIM_HEAPQ_DEFINE(pq, SimValue, PQ_LT)

static void queue_clear(SimObj *obj)
{
    SimQueue *q = (SimQueue *)obj;
    for (size_t i = 0; i < q->len; i++)
        sim_value_release(&q->items[(q->head + i) & (q->cap - 1)]);
    q->len = 0;
    free(q->items);
    q->items = NULL;
    q->cap = q->head = 0;
    while (sim_deque_len(&q->getters))
        sim_obj_unref(sim_deque_popleft(&q->getters));
    while (sim_deque_len(&q->putters))
        sim_obj_unref(sim_deque_popleft(&q->putters));
    sim_deque_free(&q->getters);
    sim_deque_free(&q->putters);
    SimEvent *fin = q->finished;
    q->finished = NULL;
    sim_obj_unref(fin);
}

static void queue_destroy(SimObj *obj)
{
    SimQueue *q = (SimQueue *)obj;
    sim_loop_dealloc(q->loop, q, sizeof *q);
}

static const SimObjType queue_type = {"Queue", queue_clear, queue_destroy};

SimQueue *sim_queue_new(SimLoop *loop, SimQueueKind kind, long maxsize)
{
    SimQueue *q = sim_loop_alloc(loop, sizeof *q);
    memset(q, 0, sizeof *q);
    sim_loop_obj_init(loop, &q->obj, &queue_type);
    q->loop = loop;
    q->kind = kind;
    q->maxsize = maxsize;
    q->finished = sim_event_new(loop);
    sim_event_set(q->finished);
    return q;
}

size_t sim_queue_qsize(const SimQueue *q)
{
    return q->len;
}

bool sim_queue_empty(const SimQueue *q)
{
    return q->len == 0;
}

bool sim_queue_full(const SimQueue *q)
{
    if (q->maxsize <= 0)
        return false;
    return (long)q->len >= q->maxsize;
}

long sim_queue_maxsize(const SimQueue *q)
{
    return q->maxsize;
}

SimQueueKind sim_queue_kind(const SimQueue *q)
{
    return q->kind;
}

long sim_queue_unfinished(const SimQueue *q)
{
    return q->unfinished;
}

bool sim_queue_is_shutdown(const SimQueue *q)
{
    return q->is_shutdown;
}

long sim_queue_dropped(const SimQueue *q)
{
    return q->dropped;
}

static void grow(SimQueue *q)
{
    if (q->len < q->cap)
        return;
    size_t ncap = q->cap ? q->cap * 2 : 8;
    SimValue *n = sim_xmalloc(ncap * sizeof *n);
    for (size_t i = 0; i < q->len; i++)
        n[i] = q->items[(q->head + i) & (q->cap - 1)];
    free(q->items);
    q->items = n;
    q->head = 0;
    q->cap = ncap;
}

/* Queue._put / LifoQueue._put / PriorityQueue._put. */
static bool do_put(SimQueue *q, SimValue item)
{
    grow(q);
    if (q->kind == SIM_QUEUE_PRIORITY) {
        pq_type_error = false;
        pq_push(q->items, &q->len, item);
        return !pq_type_error;
    }
    q->items[(q->head + q->len) & (q->cap - 1)] = item;
    q->len++;
    return true;
}

/* Queue._get / LifoQueue._get / PriorityQueue._get. */
static SimValue do_get(SimQueue *q)
{
    assert(q->len > 0);
    SimValue v;
    switch (q->kind) {
    case SIM_QUEUE_FIFO:
        v = q->items[q->head];
        q->head = (q->head + 1) & (q->cap - 1);
        q->len--;
        break;
    case SIM_QUEUE_LIFO:
        v = q->items[(q->head + q->len - 1) & (q->cap - 1)];
        q->len--;
        break;
    default:
        v = pq_pop(q->items, &q->len);
        break;
    }
    return v;
}

/* Queue._wakeup_next: the first waiter not already done (a cancelled one
 * is skipped) gets set_result(None) and leaves the deque. */
static void wakeup_next(SimDeque *waiters)
{
    while (sim_deque_len(waiters)) {
        SimFuture *w = sim_deque_popleft(waiters);
        bool woke = false;
        if (!sim_future_done(w)) {
            sim_future_set_result(w, sim_value_none());
            woke = true;
        }
        sim_obj_unref(w);
        if (woke)
            break;
    }
}

static void trace_item(SimQueue *q, SimTraceKind kind, const SimValue *item)
{
    if (!sim_loop_tracing(q->loop))
        return;
    SimTraceEvent ev = {.kind = kind, .item = item, .qsize = (int)q->len,
                        .unfinished = (int)q->unfinished};
    sim_loop_trace(q->loop, &ev);
}

SimExc sim_queue_put_nowait(SimQueue *q, SimValue item)
{
    if (q->is_shutdown) {
        sim_value_release(&item);
        return SIM_EXC_QUEUE_SHUTDOWN;
    }
    if (sim_queue_full(q)) {
        sim_value_release(&item);
        return SIM_EXC_QUEUE_FULL;
    }
    SimValue traced = sim_value_copy(&item);
    if (!do_put(q, item)) {
        sim_value_release(&traced);
        return SIM_EXC_TYPE;
    }
    q->unfinished++;
    sim_event_clear(q->finished);
    trace_item(q, SIM_TRACE_PUT, &traced);
    sim_value_release(&traced);
    wakeup_next(&q->getters);
    return SIM_EXC_NONE;
}

SimExc sim_queue_get_nowait(SimQueue *q, SimValue *item)
{
    if (sim_queue_empty(q))
        return q->is_shutdown ? SIM_EXC_QUEUE_SHUTDOWN : SIM_EXC_QUEUE_EMPTY;
    *item = do_get(q);
    trace_item(q, SIM_TRACE_GET, item);
    wakeup_next(&q->putters);
    return SIM_EXC_NONE;
}

SimExc sim_queue_task_done(SimQueue *q)
{
    if (q->unfinished <= 0)
        return SIM_EXC_VALUE;
    q->unfinished--;
    trace_item(q, SIM_TRACE_ITEM_DONE, NULL);
    if (q->unfinished == 0)
        sim_event_set(q->finished);
    return SIM_EXC_NONE;
}

void sim_queue_shutdown(SimQueue *q, bool immediate)
{
    sim_loop_note_variant(q->loop, SIM_VARIANT_QUEUE_SHUTDOWN);
    q->is_shutdown = true;
    if (immediate) {
        while (!sim_queue_empty(q)) {
            SimValue v = do_get(q);
            sim_value_release(&v);
            q->dropped++;
            if (q->unfinished > 0)
                q->unfinished--;
        }
        if (q->unfinished == 0)
            sim_event_set(q->finished);
    }
    if (sim_loop_tracing(q->loop)) {
        SimTraceEvent ev = {.kind = SIM_TRACE_SHUTDOWN, .qsize = (int)q->len,
                            .unfinished = (int)q->unfinished,
                            .detail = immediate ? "immediate" : "drain"};
        sim_loop_trace(q->loop, &ev);
    }
    /* Every getter, then every putter, re-checks and raises QueueShutDown. */
    while (sim_deque_len(&q->getters)) {
        SimFuture *g = sim_deque_popleft(&q->getters);
        if (!sim_future_done(g))
            sim_future_set_result(g, sim_value_none());
        sim_obj_unref(g);
    }
    while (sim_deque_len(&q->putters)) {
        SimFuture *p = sim_deque_popleft(&q->putters);
        if (!sim_future_done(p))
            sim_future_set_result(p, sim_value_none());
        sim_obj_unref(p);
    }
}

void sim_queue_set_maxsize(SimQueue *q, long maxsize)
{
    q->maxsize = maxsize;
    if (sim_loop_tracing(q->loop)) {
        SimTraceEvent ev = {.kind = SIM_TRACE_LIVE, .detail = "maxsize", .number = (double)maxsize,
                            .qsize = (int)q->len, .unfinished = (int)q->unfinished};
        sim_loop_trace(q->loop, &ev);
    }
    /* As if room had appeared by gets: one wake-up per free slot, FIFO. */
    size_t room = maxsize <= 0 ? sim_deque_len(&q->putters)
                  : (long)q->len < maxsize ? (size_t)(maxsize - (long)q->len) : 0;
    size_t pending = sim_queue_putters_waiting(q);
    for (size_t i = 0; i < room && i < pending; i++)
        wakeup_next(&q->putters);
}

size_t sim_queue_items(const SimQueue *q, SimValue *out, size_t max)
{
    size_t n = q->len;
    if (q->kind == SIM_QUEUE_PRIORITY) {
        /* Pop a shallow copy of the heap: removal order, ties included. */
        SimValue *copy = sim_xmalloc((n ? n : 1) * sizeof *copy);
        if (n) /* an empty heap may have no array yet */
            memcpy(copy, q->items, n * sizeof *copy);
        size_t left = n;
        for (size_t i = 0; i < n; i++) {
            SimValue v = pq_pop(copy, &left);
            if (i < max)
                out[i] = sim_value_copy(&v);
        }
        free(copy);
        return n;
    }
    for (size_t i = 0; i < n && i < max; i++) {
        size_t k = q->kind == SIM_QUEUE_LIFO ? n - 1 - i : i;
        out[i] = sim_value_copy(&q->items[(q->head + k) & (q->cap - 1)]);
    }
    return n;
}

static size_t not_done(const SimDeque *d)
{
    size_t n = 0;
    for (size_t i = 0; i < sim_deque_len(d); i++)
        n += !sim_future_done(sim_deque_at(d, i));
    return n;
}

size_t sim_queue_getters_waiting(const SimQueue *q)
{
    return not_done(&q->getters);
}

size_t sim_queue_putters_waiting(const SimQueue *q)
{
    return not_done(&q->putters);
}

size_t sim_queue_getter_count(const SimQueue *q)
{
    return sim_deque_len(&q->getters);
}

size_t sim_queue_putter_count(const SimQueue *q)
{
    return sim_deque_len(&q->putters);
}

SimFuture *sim_queue_getter_at(const SimQueue *q, size_t i)
{
    return sim_deque_at(&q->getters, i);
}

SimFuture *sim_queue_putter_at(const SimQueue *q, size_t i)
{
    return sim_deque_at(&q->putters, i);
}

/* ---- the coroutines: get(), put(), join() ---- */

typedef struct {
    SimCo co;
    SimQueue *q;
    SimFuture *waiter; /* the getter or putter future */
    SimValue item;     /* put: the item still to be put */
    double called;     /* when the program called it (waits may repeat) */
} OpFrame;

static void op_release(SimCo *co)
{
    OpFrame *f = (OpFrame *)co;
    sim_obj_unref(f->waiter);
    f->waiter = NULL;
    sim_value_release(&f->item);
    sim_obj_unref(f->q);
}

/* The `except:` branch shared by get() and put(): forget the waiter and,
 * if it had been woken but cannot take its turn, wake the next one so the
 * wake-up is not lost. `can_go` is "not empty" for a getter and "not full"
 * for a putter. */
static SimCoSignal abandon_wait(OpFrame *f, SimDeque *waiters, bool (*can_go)(const SimQueue *))
{
    SimFuture *w = f->waiter;
    f->waiter = NULL;
    sim_future_cancel(w);
    if (sim_deque_remove(waiters, w))
        sim_obj_unref(w);
    if (can_go(f->q) && !sim_future_cancelled(w))
        wakeup_next(waiters);
    sim_obj_unref(w);
    return sim_co_reraise(&f->co);
}

static bool not_empty(const SimQueue *q)
{
    return !sim_queue_empty(q);
}

static bool not_full(const SimQueue *q)
{
    return !sim_queue_full(q);
}

/* Queue.get */
static SimCoSignal get_fn(SimCo *co)
{
    OpFrame *f = (OpFrame *)co;
    SIM_CO_BEGIN(co);
    while (sim_queue_empty(f->q)) {
        if (f->q->is_shutdown)
            SIM_CO_RAISE(co, SIM_EXC_QUEUE_SHUTDOWN);
        f->waiter = sim_future_new(co->loop);
        sim_deque_append(&f->q->getters, sim_obj_ref(f->waiter));
        SIM_AWAIT_TRY(co, 0, sim_awaitable_future(f->waiter));
        if (co->in.exc != SIM_EXC_NONE)
            return abandon_wait(f, &f->q->getters, not_empty);
        sim_obj_unref(f->waiter);
        f->waiter = NULL;
    }
    {
        SimValue item;
        SimExc e = sim_queue_get_nowait(f->q, &item);
        if (e != SIM_EXC_NONE)
            SIM_CO_RAISE(co, e);
        SIM_CO_RETURN(co, item);
    }
    SIM_CO_END(co);
}

/* Queue.put */
static SimCoSignal put_fn(SimCo *co)
{
    OpFrame *f = (OpFrame *)co;
    SIM_CO_BEGIN(co);
    while (sim_queue_full(f->q)) {
        if (f->q->is_shutdown)
            SIM_CO_RAISE(co, SIM_EXC_QUEUE_SHUTDOWN);
        f->waiter = sim_future_new(co->loop);
        sim_deque_append(&f->q->putters, sim_obj_ref(f->waiter));
        SIM_AWAIT_TRY(co, 0, sim_awaitable_future(f->waiter));
        if (co->in.exc != SIM_EXC_NONE)
            return abandon_wait(f, &f->q->putters, not_full);
        sim_obj_unref(f->waiter);
        f->waiter = NULL;
    }
    {
        SimValue item = f->item;
        f->item = sim_value_none();
        SimExc e = sim_queue_put_nowait(f->q, item);
        if (e != SIM_EXC_NONE)
            SIM_CO_RAISE(co, e);
    }
    SIM_CO_END(co);
}

/* Queue.join */
static SimCoSignal join_fn(SimCo *co)
{
    OpFrame *f = (OpFrame *)co;
    SIM_CO_BEGIN(co);
    if (f->q->unfinished > 0)
        SIM_AWAIT(co, 0, sim_event_wait(f->q->finished));
    SIM_CO_END(co);
}

static const SimCoKind get_kind = {"Queue.get", get_fn, sizeof(OpFrame), SIM_WAIT_GET, op_release};
static const SimCoKind put_kind = {"Queue.put", put_fn, sizeof(OpFrame), SIM_WAIT_PUT, op_release};
static const SimCoKind join_kind = {"Queue.join", join_fn, sizeof(OpFrame), SIM_WAIT_JOIN,
                                    op_release};

static SimAwaitable op_new(SimQueue *q, const SimCoKind *kind, SimValue item)
{
    SimCo *co = sim_co_new(q->loop, kind);
    OpFrame *f = (OpFrame *)co;
    f->q = sim_obj_ref(q);
    f->item = item;
    f->called = sim_loop_time(q->loop);
    return sim_awaitable_co(co);
}

SimAwaitable sim_queue_get(SimQueue *q)
{
    return op_new(q, &get_kind, sim_value_none());
}

SimAwaitable sim_queue_put(SimQueue *q, SimValue item)
{
    return op_new(q, &put_kind, item);
}

SimAwaitable sim_queue_join(SimQueue *q)
{
    return op_new(q, &join_kind, sim_value_none());
}

SimQueue *sim_queue_of_frame(const SimCo *co)
{
    if (co && (co->kind == &get_kind || co->kind == &put_kind || co->kind == &join_kind))
        return ((const OpFrame *)co)->q;
    return NULL;
}

bool sim_queue_frame_called(const SimCo *co, double *when)
{
    if (!sim_queue_of_frame(co))
        return false;
    *when = ((const OpFrame *)co)->called;
    return true;
}

const SimValue *sim_queue_frame_item(const SimCo *co)
{
    if (co && co->kind == &put_kind)
        return &((const OpFrame *)co)->item;
    return NULL;
}
