/* quiz.c - questions from the simulator's own next step. */
#include "ui/quiz.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sim/view.h"

/* A number from the run's position that moves the right answer around:
 * the same question always looks the same, the next one differently. */
static unsigned spread(const UiModel *m, unsigned range)
{
    return range ? (unsigned)((((uint32_t)ui_model_position(m) * 2654435761u) >> 16) % range) : 0;
}

/* Up to four tasks to choose from: the answer and the live tasks created
 * around it, in creation order, the window placed so that the answer is
 * not always in the same place. */
static bool candidate(const SimTask *t, const char *answer)
{
    return !sim_future_done(&t->fut) || strcmp(t->name, answer) == 0;
}

static void task_choices(UiQuiz *q, UiModel *m, const char *answer)
{
    ScnRun *run = ui_model_run(m);
    /* First pass: how many candidates, and where the answer is among them. */
    size_t n = 0, a = 0;
    bool found = false;
    for (size_t i = 0; i < scn_run_task_count(run); i++) {
        const SimTask *t = scn_run_task_at(run, i);
        if (!candidate(t, answer))
            continue;
        if (!found && strcmp(t->name, answer) == 0) {
            a = n;
            found = true;
        }
        n++;
    }
    q->nchoices = 0;
    q->answer = -1;
    if (!found)
        return; /* not one of the program's tasks: no question */
    size_t k = n < 4 ? n : 4;
    size_t lo = a + 1 > k ? a + 1 - k : 0; /* the window [s, s+k) holds a */
    size_t hi = a < n - k ? a : n - k;
    size_t s = lo + spread(m, (unsigned)(hi - lo + 1));
    /* Second pass: the candidates in the window. */
    for (size_t i = 0, c = 0; i < scn_run_task_count(run) && c < s + k; i++) {
        const SimTask *t = scn_run_task_at(run, i);
        if (!candidate(t, answer))
            continue;
        if (c >= s) {
            snprintf(q->choices[q->nchoices], sizeof q->choices[0], "%s", t->name);
            if (c == a)
                q->answer = q->nchoices;
            q->nchoices++;
        }
        c++;
    }
}

/* Why qsize is what it is after a step that puts: the step's own puts
 * and gets (no await suspends between them), or a getter that was only
 * woken. */
static void qsize_explain(UiQuiz *q, const UiPeek *p)
{
    if (p->gets > 0)
        snprintf(q->explain, sizeof q->explain,
                 "qsize is %ld: %s put %d item%s and got %d in the same step: a put() with room "
                 "and a get() with an item both return without suspending, so nothing else runs "
                 "in between.",
                 p->qsize_after, p->task, p->puts, p->puts == 1 ? "" : "s", p->gets);
    else if (p->getter_waiting)
        snprintf(q->explain, sizeof q->explain,
                 "qsize is %ld: put_nowait() appends each item while there is room (a full queue "
                 "makes put() wait). A getter waiting in get() is only woken; the item stays "
                 "queued until that getter runs and takes it.",
                 p->qsize_after);
    else
        snprintf(q->explain, sizeof q->explain,
                 "qsize is %ld: put_nowait() appends each item while there is room; a full queue "
                 "makes put() wait until a get() frees a slot.",
                 p->qsize_after);
}

/* Whether this position asks where the task ends up rather than the
 * step's usual question: about one in three, from other bits of the same
 * hash, so the kinds mix without a pattern. */
static bool asks_state(const UiModel *m)
{
    return (((uint32_t)ui_model_position(m) * 2654435761u) >> 20) % 3 == 1;
}

/* The four places a step can leave a task in: sleep, put(), get(), and
 * the answer itself when it is none of those (else "finished"). */
static const char *state_choice(int s)
{
    switch (s) {
    case SIM_TASK_SLEEPING: return "asleep in asyncio.sleep()";
    case SIM_TASK_WAIT_PUT: return "waiting in put(): the queue is full";
    case SIM_TASK_WAIT_GET: return "waiting in get(): the queue is empty";
    case SIM_TASK_WAIT_JOIN: return "waiting in queue.join()";
    case SIM_TASK_WAIT_EVENT: return "waiting in event.wait()";
    case SIM_TASK_DONE: return "finished: it returned";
    case SIM_TASK_CANCELLED: return "ended by CancelledError";
    default: return NULL;
    }
}

static void state_explain(UiQuiz *q, const UiPeek *p, const UiModel *m)
{
    const SimQueue *queue = scn_run_queue(ui_model_run(m));
    switch (p->state_after) {
    case SIM_TASK_SLEEPING:
        snprintf(q->explain, sizeof q->explain,
                 "%s ends its step in asyncio.sleep(): a sleep always suspends, and a timer on the "
                 "loop wakes the task when its time comes.", p->task);
        break;
    case SIM_TASK_WAIT_PUT:
        snprintf(q->explain, sizeof q->explain,
                 "%s ends its step waiting in put(): qsize reached maxsize (%ld), so put() awaits "
                 "a future that the next get() resolves (Queue._wakeup_next). That wait is "
                 "backpressure.", p->task, sim_queue_maxsize(queue));
        break;
    case SIM_TASK_WAIT_GET:
        snprintf(q->explain, sizeof q->explain,
                 "%s ends its step waiting in get(): the queue is empty, so get() awaits a "
                 "future that the next put() resolves%s.", p->task,
                 p->timeout_after ? ", unless wait_for's timeout comes first (TimeoutError)" : "");
        break;
    case SIM_TASK_WAIT_JOIN:
        snprintf(q->explain, sizeof q->explain,
                 "%s ends its step waiting in join(): %ld item%s not task_done() yet, and join() "
                 "returns only when that count is 0.", p->task, p->unfinished_after,
                 p->unfinished_after == 1 ? " is" : "s are");
        break;
    case SIM_TASK_WAIT_EVENT:
        snprintf(q->explain, sizeof q->explain,
                 "%s ends its step waiting in event.wait(): the Event is not set yet.", p->task);
        break;
    case SIM_TASK_DONE:
        snprintf(q->explain, sizeof q->explain,
                 "%s returns: its coroutine ran to the end, so the task is done.", p->task);
        break;
    default:
        snprintf(q->explain, sizeof q->explain,
                 "%s ends cancelled: CancelledError was thrown into it at its await and not "
                 "caught.", p->task);
        break;
    }
}

/* "Where will TASK be when its step ends?" False when the step leaves it
 * somewhere the four choices do not name (ready again, awaiting a task). */
static bool ask_state(UiQuiz *q, const UiPeek *p, const UiModel *m)
{
    const char *answer = state_choice(p->state_after);
    if (!answer)
        return false;
    static const int usual[3] = {SIM_TASK_SLEEPING, SIM_TASK_WAIT_PUT, SIM_TASK_WAIT_GET};
    q->kind = UI_QUIZ_STATE;
    snprintf(q->question, sizeof q->question, "%s runs next. Where will it be when its step ends?",
             p->task);
    q->nchoices = 4;
    q->answer = 3;
    for (int i = 0; i < 3; i++) {
        snprintf(q->choices[i], sizeof q->choices[0], "%s", state_choice(usual[i]));
        if (usual[i] == p->state_after)
            q->answer = i;
    }
    snprintf(q->choices[3], sizeof q->choices[0], "%s",
             q->answer == 3 ? answer : state_choice(SIM_TASK_DONE));
    state_explain(q, p, m);
    return true;
}

bool ui_quiz_ask(UiQuiz *q, UiModel *m)
{
    UiPeek peek;
    ui_model_peek(m, &peek);
    if (!peek.ok || !peek.task[0])
        return false;
    q->asking = true;
    q->revealed = false;
    q->picked = -1;
    q->explain[0] = '\0';
    if (peek.join_waiting && (peek.join_returns || peek.unfinished_after <= 1)) {
        q->kind = UI_QUIZ_JOIN;
        snprintf(q->question, sizeof q->question,
                 "Does the next step release join() (unfinished count to 0)?");
        snprintf(q->choices[0], sizeof q->choices[0], "yes");
        snprintf(q->choices[1], sizeof q->choices[1], "no");
        q->nchoices = 2;
        q->answer = peek.join_returns ? 0 : 1;
        if (peek.join_returns)
            snprintf(q->explain, sizeof q->explain,
                     "Yes: the last task_done() sets the unfinished count to 0, which sets "
                     "join()'s Event; the waiter is woken and returns from join() in the next "
                     "loop pass.");
        else
            snprintf(q->explain, sizeof q->explain,
                     "No: %ld item%s still not task_done(); join() returns only at 0.",
                     peek.unfinished_after, peek.unfinished_after == 1 ? " is" : "s are");
    } else if (asks_state(m) && ask_state(q, &peek, m)) {
        /* the question is made */
    } else if (peek.puts) {
        q->kind = UI_QUIZ_QSIZE;
        snprintf(q->question, sizeof q->question,
                 "%s runs next and puts (qsize is %ld now). What will qsize be when its step "
                 "ends?",
                 peek.task, peek.qsize_before);
        /* The right answer's place changes from question to question. */
        long shift = (long)spread(m, 4);
        long base = peek.qsize_after > shift ? peek.qsize_after - shift : 0;
        long v[4];
        for (int i = 0; i < 4; i++)
            v[i] = base + i;
        /* "One put, one more item" is the guess to test: when a step puts
         * several (no await suspends), it must be among the choices. */
        long guess = peek.qsize_before + 1;
        if (guess < base || guess > base + 3) {
            int far = peek.qsize_after - v[0] >= v[3] - peek.qsize_after ? 0 : 3;
            v[far] = guess;
        }
        for (int i = 0; i < 4; i++) /* ascending, as numbers are read */
            for (int k = i + 1; k < 4; k++)
                if (v[k] < v[i]) {
                    long tmp = v[i];
                    v[i] = v[k];
                    v[k] = tmp;
                }
        q->nchoices = 4;
        for (int i = 0; i < 4; i++) {
            snprintf(q->choices[i], sizeof q->choices[0], "%ld", v[i]);
            if (v[i] == peek.qsize_after)
                q->answer = i;
        }
        qsize_explain(q, &peek);
    } else {
        q->kind = UI_QUIZ_NEXT_TASK;
        snprintf(q->question, sizeof q->question, "Which task runs next?");
        task_choices(q, m, peek.task);
        if ((q->nchoices < 2 || q->answer < 0) && !ask_state(q, &peek, m)) {
            /* One live task, left where no choice names: nothing to
             * predict; the step is just taken. */
            q->asking = false;
            return false;
        }
        if (q->kind == UI_QUIZ_NEXT_TASK)
            snprintf(q->explain, sizeof q->explain,
                     "%s runs next: the loop runs callbacks in the order they became ready (a "
                     "FIFO), and when none is ready it jumps to the earliest timer.",
                     peek.task);
    }
    /* The caption of the moment the step hits, unless it is the join()
     * answer again. */
    if (peek.caption[0] && q->kind != UI_QUIZ_JOIN) {
        size_t len = strlen(q->explain);
        snprintf(q->explain + len, sizeof q->explain - len, " %s", peek.caption);
    }
    return true;
}

void ui_quiz_answer(UiQuiz *q, UiModel *m, int choice)
{
    if (!q->asking || choice < 0 || choice >= q->nchoices)
        return;
    q->picked = choice;
    q->asked++;
    if (choice == q->answer)
        q->right++;
    q->asking = false;
    q->revealed = true;
    ui_model_step(m);
}
