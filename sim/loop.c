/* loop.c - BaseEventLoop._run_once, one callback at a time. */
#include "loop.h"

#include <assert.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heapq.h"
#include "trace.h"
#include "xalloc.h"

/* CPython's _MIN_SCHEDULED_TIMER_HANDLES and
 * _MIN_CANCELLED_TIMER_HANDLES_FRACTION: past 100 timers of which more than
 * half are cancelled, _run_once rebuilds the heap instead of popping. */
#define MIN_SCHEDULED_TIMER_HANDLES 100
/* time.monotonic()'s resolution on Linux, which asyncio uses to decide which
 * timers are due "now". */
#define CLOCK_RESOLUTION 1e-9

#define FREE_END UINT32_MAX

typedef struct {
    double when;
    SimCallbackFn fn;
    SimObj *a, *b;
    uint32_t gen;
    uint32_t next_free;
    bool in_use, cancelled, scheduled, timer;
} Handle;

/* The heap keeps the deadline beside the handle so sifting stays in one
 * array. */
typedef struct {
    double when;
    uint32_t h;
} TimerEntry;

#define TIMER_LT(x, y) ((x)->when < (y)->when)
SIM_HEAPQ_DEFINE(timers, TimerEntry, TIMER_LT)
SIM_HEAPQ_DEFINE_HEAPIFY(timers, TimerEntry)

enum { ALLOC_GRAIN = 16, ALLOC_CLASSES = 64 }; /* blocks up to 1024 bytes */

typedef struct FreeBlock {
    struct FreeBlock *next;
} FreeBlock;

struct SimLoop {
    double now;
    SimPyVersion version;
    SimRng rng;
    SimSinks sinks;

    Handle *handles;
    size_t nhandles, cap_handles;
    uint32_t free_handle;

    uint32_t *ready; /* ring buffer of handle indices */
    size_t ready_head, ready_len, ready_cap; /* cap: a power of two, for masking */
    size_t pass_left; /* callbacks of the current pass not yet run */

    TimerEntry *timers;
    size_t ntimers, cap_timers;
    size_t timer_cancelled_count;

    bool stopping;
    uint64_t steps, passes;
    uint64_t tie_passes; /* passes that made several timers with one deadline ready */
    SimTask *current;
    uint32_t task_counter;

    uint64_t variants[SIM_VARIANT_COUNT];
    SimLink live;  /* every live SimObj */
    SimLink tasks; /* live tasks, creation order */
    FreeBlock *free_blocks[ALLOC_CLASSES];
};

SimLoop *sim_loop_new(SimPyVersion version)
{
    SimLoop *loop = sim_xcalloc(1, sizeof *loop);
    loop->version = version;
    loop->free_handle = FREE_END;
    loop->live.prev = loop->live.next = &loop->live;
    loop->tasks.prev = loop->tasks.next = &loop->tasks;
    sim_rng_seed_u64(&loop->rng, 0);
    return loop;
}

static void drop_handle_refs(Handle *h)
{
    SimObj *a = h->a, *b = h->b;
    h->a = h->b = NULL;
    h->fn = NULL;
    sim_obj_unref(a);
    sim_obj_unref(b);
}

static void free_handle(SimLoop *loop, uint32_t idx)
{
    Handle *h = &loop->handles[idx];
    drop_handle_refs(h);
    h->in_use = false;
    h->gen++;
    h->next_free = loop->free_handle;
    loop->free_handle = idx;
}

void sim_loop_free(SimLoop *loop)
{
    if (!loop)
        return;
    /* Drop the scheduler's references first, then break the cycles that
     * are left (a pending task and the future it waits on hold each other)
     * by clearing every live object while holding it, then let go. */
    while (loop->ready_len) {
        uint32_t idx = loop->ready[loop->ready_head];
        loop->ready_head = (loop->ready_head + 1) & (loop->ready_cap - 1);
        loop->ready_len--;
        free_handle(loop, idx);
    }
    for (size_t i = 0; i < loop->ntimers; i++)
        free_handle(loop, loop->timers[i].h);
    loop->ntimers = 0;

    size_t n = 0, cap = 0;
    SimObj **all = NULL;
    for (SimLink *l = loop->live.next; l != &loop->live; l = l->next) {
        sim_xgrow((void **)&all, &cap, n + 1, sizeof *all);
        all[n] = (SimObj *)((char *)l - offsetof(SimObj, live));
        all[n++]->refs++;
    }
    for (size_t i = 0; i < n; i++)
        all[i]->type->clear(all[i]);
    for (size_t i = 0; i < n; i++)
        sim_obj_unref(all[i]);
    free(all);
    for (SimLink *l = loop->live.next; l != &loop->live; l = l->next) {
        SimObj *o = (SimObj *)((char *)l - offsetof(SimObj, live));
        fprintf(stderr, "aqsim: internal error: %s still alive (%u refs) after sim_loop_free\n",
                o->type->name, (unsigned)o->refs);
    }
    assert(loop->live.next == &loop->live && "objects leaked past sim_loop_free");

    for (int c = 0; c < ALLOC_CLASSES; c++)
        while (loop->free_blocks[c]) {
            FreeBlock *b = loop->free_blocks[c];
            loop->free_blocks[c] = b->next;
            free(b);
        }
    free(loop->handles);
    free(loop->ready);
    free(loop->timers);
    free(loop);
}

void sim_loop_set_sinks(SimLoop *loop, const SimSinks *sinks)
{
    if (sinks)
        loop->sinks = *sinks;
    else
        memset(&loop->sinks, 0, sizeof loop->sinks);
}

const SimSinks *sim_loop_sinks(const SimLoop *loop)
{
    return &loop->sinks;
}

SimPyVersion sim_loop_version(const SimLoop *loop)
{
    return loop->version;
}

double sim_loop_time(const SimLoop *loop)
{
    return loop->now;
}

SimRng *sim_loop_rng(SimLoop *loop)
{
    return &loop->rng;
}

uint64_t sim_loop_steps(const SimLoop *loop)
{
    return loop->steps;
}

uint64_t sim_loop_passes(const SimLoop *loop)
{
    return loop->passes;
}

uint64_t sim_loop_tie_passes(const SimLoop *loop)
{
    return loop->tie_passes;
}

size_t sim_loop_ready_count(const SimLoop *loop)
{
    return loop->ready_len;
}

bool sim_loop_stopping(const SimLoop *loop)
{
    return loop->stopping;
}

size_t sim_loop_timer_count(const SimLoop *loop)
{
    return loop->ntimers;
}

bool sim_loop_next_timer(const SimLoop *loop, double *when)
{
    bool found = false;
    for (size_t i = 0; i < loop->ntimers; i++) {
        const Handle *h = &loop->handles[loop->timers[i].h];
        if (!h->cancelled && (!found || h->when < *when)) {
            *when = h->when;
            found = true;
        }
    }
    return found;
}

static uint32_t new_handle(SimLoop *loop, SimCallbackFn fn, SimObj *a, SimObj *b)
{
    uint32_t idx;
    if (loop->free_handle != FREE_END) {
        idx = loop->free_handle;
        loop->free_handle = loop->handles[idx].next_free;
    } else {
        sim_xgrow((void **)&loop->handles, &loop->cap_handles, loop->nhandles + 1,
                  sizeof *loop->handles);
        idx = (uint32_t)loop->nhandles++;
        loop->handles[idx].gen = 1;
    }
    Handle *h = &loop->handles[idx];
    h->fn = fn;
    h->a = sim_obj_ref(a);
    h->b = sim_obj_ref(b);
    h->in_use = true;
    h->cancelled = h->scheduled = h->timer = false;
    h->when = 0.0;
    return idx;
}

static SimHandleId handle_id(const SimLoop *loop, uint32_t idx)
{
    return ((uint64_t)loop->handles[idx].gen << 32) | (uint64_t)(idx + 1);
}

static Handle *lookup(const SimLoop *loop, SimHandleId id)
{
    if (id == 0)
        return NULL;
    uint32_t idx = (uint32_t)(id & 0xffffffffu) - 1;
    uint32_t gen = (uint32_t)(id >> 32);
    if (idx >= loop->nhandles)
        return NULL;
    Handle *h = &loop->handles[idx];
    return (h->in_use && h->gen == gen) ? h : NULL;
}

static void ready_append(SimLoop *loop, uint32_t idx)
{
    if (loop->ready_len == loop->ready_cap) {
        size_t ncap = loop->ready_cap ? loop->ready_cap * 2 : 64;
        uint32_t *n = sim_xmalloc(ncap * sizeof *n);
        for (size_t i = 0; i < loop->ready_len; i++)
            n[i] = loop->ready[(loop->ready_head + i) & (loop->ready_cap - 1)];
        free(loop->ready);
        loop->ready = n;
        loop->ready_head = 0;
        loop->ready_cap = ncap;
    }
    loop->ready[(loop->ready_head + loop->ready_len) & (loop->ready_cap - 1)] = idx;
    loop->ready_len++;
}

static uint32_t ready_popleft(SimLoop *loop)
{
    uint32_t idx = loop->ready[loop->ready_head];
    loop->ready_head = (loop->ready_head + 1) & (loop->ready_cap - 1);
    loop->ready_len--;
    return idx;
}

SimHandleId sim_loop_call_soon(SimLoop *loop, SimCallbackFn fn, SimObj *a, SimObj *b)
{
    uint32_t idx = new_handle(loop, fn, a, b);
    ready_append(loop, idx);
    return handle_id(loop, idx);
}

SimHandleId sim_loop_call_at(SimLoop *loop, double when, SimCallbackFn fn, SimObj *a, SimObj *b)
{
    uint32_t idx = new_handle(loop, fn, a, b);
    Handle *h = &loop->handles[idx];
    h->when = when;
    h->timer = true;
    h->scheduled = true;
    sim_xgrow((void **)&loop->timers, &loop->cap_timers, loop->ntimers + 1, sizeof *loop->timers);
    timers_push(loop->timers, &loop->ntimers, (TimerEntry){when, idx});
    return handle_id(loop, idx);
}

SimHandleId sim_loop_call_later(SimLoop *loop, double delay, SimCallbackFn fn, SimObj *a,
                                SimObj *b)
{
    return sim_loop_call_at(loop, loop->now + delay, fn, a, b);
}

void sim_loop_cancel(SimLoop *loop, SimHandleId id)
{
    Handle *h = lookup(loop, id);
    if (!h || h->cancelled)
        return;
    h->cancelled = true;
    /* Only timers still in the heap count toward the rebuild rule, as in
     * BaseEventLoop._timer_handle_cancelled. */
    if (h->timer && h->scheduled)
        loop->timer_cancelled_count++;
    drop_handle_refs(h);
}

bool sim_loop_handle_when(const SimLoop *loop, SimHandleId id, double *when)
{
    const Handle *h = lookup(loop, id);
    if (!h || !h->timer || h->cancelled)
        return false;
    *when = h->when;
    return true;
}

void sim_loop_stop(SimLoop *loop)
{
    loop->stopping = true;
}

static bool timer_head_cancelled(const SimLoop *loop)
{
    return loop->handles[loop->timers[0].h].cancelled;
}

/* _run_once's first step: forget cancelled timers, either all at once
 * (rebuilding the heap, which changes its shape and so the order of equal
 * deadlines) or only those at the head. */
static void drop_cancelled_timers(SimLoop *loop)
{
    size_t n = loop->ntimers;
    if (n > MIN_SCHEDULED_TIMER_HANDLES && loop->timer_cancelled_count * 2 > n) {
        size_t kept = 0;
        for (size_t i = 0; i < n; i++) {
            uint32_t idx = loop->timers[i].h;
            if (loop->handles[idx].cancelled) {
                loop->handles[idx].scheduled = false;
                free_handle(loop, idx);
            } else {
                loop->timers[kept++] = loop->timers[i];
            }
        }
        loop->ntimers = kept;
        timers_heapify(loop->timers, kept);
        loop->timer_cancelled_count = 0;
        return;
    }
    while (loop->ntimers && timer_head_cancelled(loop)) {
        loop->timer_cancelled_count--;
        TimerEntry e = timers_pop(loop->timers, &loop->ntimers);
        loop->handles[e.h].scheduled = false;
        free_handle(loop, e.h);
    }
}

/* Past ~1.7e7 s, now + 1e-9 == now and a timer at `now` would never be due;
 * nudge the clock by the smallest steps until it is (as the reference
 * virtual clock does). Never triggers at ordinary times. */
static void make_due(SimLoop *loop, double when)
{
    while (when >= loop->now + CLOCK_RESOLUTION)
        loop->now = nextafter(loop->now, INFINITY);
}

static SimLoopStatus begin_pass(SimLoop *loop)
{
    drop_cancelled_timers(loop);
    if (loop->ready_len == 0) {
        if (loop->ntimers == 0)
            return SIM_LOOP_DEADLOCK;
        double when = loop->timers[0].when;
        /* select(timeout): the virtual clock jumps to the earliest deadline
         * instead of sleeping. */
        if (when - loop->now > 0) {
            if (isinf(when))
                return SIM_LOOP_DEADLOCK;
            double before = loop->now;
            loop->now = when;
            make_due(loop, when);
            if (loop->now != before && sim_loop_tracing(loop)) {
                SimTraceEvent ev = {.kind = SIM_TRACE_CLOCK};
                sim_loop_trace(loop, &ev);
            }
        } else {
            make_due(loop, when);
        }
    }
    double end = loop->now + CLOCK_RESOLUTION, last = NAN;
    bool tie = false;
    while (loop->ntimers && !(loop->timers[0].when >= end)) {
        TimerEntry e = timers_pop(loop->timers, &loop->ntimers);
        tie |= e.when == last;
        last = e.when;
        loop->handles[e.h].scheduled = false;
        ready_append(loop, e.h);
    }
    loop->tie_passes += tie;
    loop->pass_left = loop->ready_len;
    loop->passes++;
    return SIM_LOOP_RAN;
}

SimLoopStatus sim_loop_step(SimLoop *loop)
{
    for (;;) {
        if (loop->pass_left == 0) {
            if (loop->stopping) {
                loop->stopping = false;
                return SIM_LOOP_STOPPED;
            }
            if (begin_pass(loop) == SIM_LOOP_DEADLOCK)
                return SIM_LOOP_DEADLOCK;
        }
        uint32_t idx = ready_popleft(loop);
        loop->pass_left--;
        Handle *h = &loop->handles[idx];
        if (h->cancelled) {
            free_handle(loop, idx);
            continue;
        }
        SimCallbackFn fn = h->fn;
        SimObj *a = h->a, *b = h->b;
        /* The callback may schedule more callbacks and so move the handle
         * array: take the references out of the handle first. */
        h->a = h->b = NULL;
        if (loop->sinks.before_callback)
            loop->sinks.before_callback(loop->sinks.ctx, loop, fn, a, b, h->timer, h->when);
        free_handle(loop, idx);
        loop->steps++;
        fn(loop, a, b);
        sim_obj_unref(a);
        sim_obj_unref(b);
        return SIM_LOOP_RAN;
    }
}

SimTask *sim_loop_current_task(const SimLoop *loop)
{
    return loop->current;
}

void sim_loop_set_current_task(SimLoop *loop, SimTask *task)
{
    loop->current = task;
}

uint32_t sim_loop_next_task_number(SimLoop *loop)
{
    return ++loop->task_counter;
}

void sim_loop_print(SimLoop *loop, const char *text, size_t len)
{
    if (loop->sinks.print)
        loop->sinks.print(loop->sinks.ctx, text, len);
    if (loop->sinks.trace) {
        SimTraceEvent ev = {.kind = SIM_TRACE_PRINT, .text = text, .text_len = len};
        sim_loop_trace(loop, &ev);
    }
}

void sim_loop_printf(SimLoop *loop, const char *fmt, ...)
{
    char small[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n < sizeof small) {
        sim_loop_print(loop, small, (size_t)n);
        return;
    }
    char *big = sim_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sim_loop_print(loop, big, (size_t)n);
    free(big);
}

bool sim_loop_tracing(const SimLoop *loop)
{
    return loop->sinks.trace != NULL;
}

void sim_loop_trace(SimLoop *loop, SimTraceEvent *ev)
{
    if (!loop->sinks.trace)
        return;
    ev->step = loop->steps;
    ev->time = loop->now;
    if (!ev->task)
        ev->task = loop->current;
    loop->sinks.trace(loop->sinks.ctx, ev);
}

void sim_loop_note_variant(SimLoop *loop, SimVariant v)
{
    loop->variants[v]++;
}

uint64_t sim_loop_variant_count(const SimLoop *loop, SimVariant v)
{
    return loop->variants[v];
}

void sim_loop_obj_init(SimLoop *loop, SimObj *obj, const SimObjType *type)
{
    obj->type = type;
    obj->refs = 1;
    obj->live.next = &loop->live;
    obj->live.prev = loop->live.prev;
    loop->live.prev->next = &obj->live;
    loop->live.prev = &obj->live;
}

SimLink *sim_loop_task_list(SimLoop *loop)
{
    return &loop->tasks;
}

/* Sanitizer builds define AQSIM_NO_POOL so that every block is a malloc
 * of its own and use-after-free cannot hide in a free list. */
#ifdef AQSIM_NO_POOL
void *sim_loop_alloc(SimLoop *loop, size_t size)
{
    (void)loop;
    return sim_xmalloc(size);
}

void sim_loop_dealloc(SimLoop *loop, void *p, size_t size)
{
    (void)loop;
    (void)size;
    free(p);
}
#else
static size_t size_class(size_t size)
{
    return (size + ALLOC_GRAIN - 1) / ALLOC_GRAIN;
}

void *sim_loop_alloc(SimLoop *loop, size_t size)
{
    size_t c = size_class(size);
    if (c < ALLOC_CLASSES && loop->free_blocks[c]) {
        FreeBlock *b = loop->free_blocks[c];
        loop->free_blocks[c] = b->next;
        return b;
    }
    return sim_xmalloc(c < ALLOC_CLASSES ? c * ALLOC_GRAIN : size);
}

void sim_loop_dealloc(SimLoop *loop, void *p, size_t size)
{
    if (!p)
        return;
    size_t c = size_class(size);
    if (c >= ALLOC_CLASSES) {
        free(p);
        return;
    }
    FreeBlock *b = p;
    b->next = loop->free_blocks[c];
    loop->free_blocks[c] = b;
}
#endif
