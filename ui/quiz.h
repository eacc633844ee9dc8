/* quiz.h - predict, then reveal: a multiple-choice question about the next
 * step, asked before it is shown.
 *
 * The answer is not computed by a second model of asyncio: the quiz takes
 * the next step for real (and steps back) to learn what happens, so the
 * question is always right.
 */
#ifndef AQSIM_UI_QUIZ_H
#define AQSIM_UI_QUIZ_H

#include <stdbool.h>

#include "ui/model.h"

typedef enum { UI_QUIZ_NEXT_TASK, UI_QUIZ_QSIZE, UI_QUIZ_JOIN, UI_QUIZ_STATE } UiQuizKind;

typedef struct {
    bool on;         /* predict mode (key p) */
    bool asking;     /* a question is on screen, waiting for 1-4 */
    bool revealed;   /* answered: the explanation is on screen */
    UiQuizKind kind;
    char question[200];
    char choices[4][64];
    int nchoices;
    int answer;      /* the right choice (0-based) */
    int picked;
    char explain[600];
    int right, asked; /* the session's score */
} UiQuiz;

/* Make a question about the model's next step: which task runs, the qsize
 * after a put, whether join() returns, or where the task will be when its
 * step ends. False when there is nothing to ask: the run is over, or only
 * one task could run and it ends somewhere no choice names. */
bool ui_quiz_ask(UiQuiz *q, UiModel *m);
/* The user picked choice (0-based): take the step and explain. */
void ui_quiz_answer(UiQuiz *q, UiModel *m, int choice);

#endif
