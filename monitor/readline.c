/*
 * Line editing for HMP on a terminal: insert and delete anywhere, cursor
 * movement (arrows, Home/End, C-a/C-e style keys when not in a mux, C-b,
 * C-f), C-k and C-u kill, history (up/down, 64 lines), tab completion of
 * command names. The terminal is assumed to understand VT100 sequences.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"

#define READLINE_CMD_BUF_SIZE 4096
#define READLINE_MAX_CMDS 64
#define READLINE_MAX_COMPLETIONS 256

enum { IS_NORM, IS_ESC, IS_CSI, IS_SS3 };

struct ReadLineState {
    char cmd_buf[READLINE_CMD_BUF_SIZE + 1];
    int cmd_buf_index;      /* cursor */
    int cmd_buf_size;
    char last_cmd_buf[READLINE_CMD_BUF_SIZE + 1];
    int last_cmd_buf_index;
    int last_cmd_buf_size;
    int esc_state;
    int esc_param;
    char *history[READLINE_MAX_CMDS];
    int hist_entry;         /* -1: editing a new line */
    char *completions[READLINE_MAX_COMPLETIONS];
    int nb_completions;
    int completion_index;
    ReadLineFunc *readline_func;
    ReadLineCompletionFunc *completion_finder;
    void *opaque;
    Monitor *mon;
    char prompt[256];
};

static void rl_puts(ReadLineState *rs, const char *s)
{
    monitor_puts(rs->mon, s);
}

void readline_show_prompt(ReadLineState *rs)
{
    rl_puts(rs, rs->prompt);
    rs->last_cmd_buf_index = 0;
    rs->last_cmd_buf_size = 0;
    rs->esc_state = IS_NORM;
}

/* Redraw what changed since the last call. */
static void readline_update(ReadLineState *rs)
{
    int i, delta, len;

    if (rs->cmd_buf_size > rs->last_cmd_buf_size &&
        rs->last_cmd_buf_index == rs->last_cmd_buf_size &&
        memcmp(rs->cmd_buf, rs->last_cmd_buf, rs->last_cmd_buf_size) == 0) {
        /* Typing at the end of the line: print just the new text. */
        g_autofree char *tail = g_strndup(rs->cmd_buf + rs->last_cmd_buf_size,
                                          rs->cmd_buf_size -
                                          rs->last_cmd_buf_size);
        rl_puts(rs, tail);
        memcpy(rs->last_cmd_buf, rs->cmd_buf, rs->cmd_buf_size);
        rs->last_cmd_buf_size = rs->cmd_buf_size;
        rs->last_cmd_buf_index = rs->cmd_buf_size;
    } else if (rs->cmd_buf_size != rs->last_cmd_buf_size ||
        memcmp(rs->cmd_buf, rs->last_cmd_buf, rs->cmd_buf_size) != 0) {
        for (i = 0; i < rs->last_cmd_buf_index; i++) {
            rl_puts(rs, "\033[D");
        }
        rs->cmd_buf[rs->cmd_buf_size] = '\0';
        rl_puts(rs, rs->cmd_buf);
        rl_puts(rs, "\033[K");
        memcpy(rs->last_cmd_buf, rs->cmd_buf, rs->cmd_buf_size);
        rs->last_cmd_buf_size = rs->cmd_buf_size;
        rs->last_cmd_buf_index = rs->cmd_buf_size;
    }
    if (rs->cmd_buf_index != rs->last_cmd_buf_index) {
        delta = rs->cmd_buf_index - rs->last_cmd_buf_index;
        len = delta > 0 ? delta : -delta;
        for (i = 0; i < len; i++) {
            rl_puts(rs, delta > 0 ? "\033[C" : "\033[D");
        }
        rs->last_cmd_buf_index = rs->cmd_buf_index;
    }
}

static void readline_insert_char(ReadLineState *rs, int ch)
{
    if (rs->cmd_buf_size >= READLINE_CMD_BUF_SIZE) {
        return;
    }
    memmove(rs->cmd_buf + rs->cmd_buf_index + 1,
            rs->cmd_buf + rs->cmd_buf_index,
            rs->cmd_buf_size - rs->cmd_buf_index);
    rs->cmd_buf[rs->cmd_buf_index++] = ch;
    rs->cmd_buf_size++;
}

static void readline_backspace(ReadLineState *rs)
{
    if (rs->cmd_buf_index > 0) {
        memmove(rs->cmd_buf + rs->cmd_buf_index - 1,
                rs->cmd_buf + rs->cmd_buf_index,
                rs->cmd_buf_size - rs->cmd_buf_index);
        rs->cmd_buf_index--;
        rs->cmd_buf_size--;
    }
}

static void readline_delete_char(ReadLineState *rs)
{
    if (rs->cmd_buf_index < rs->cmd_buf_size) {
        memmove(rs->cmd_buf + rs->cmd_buf_index,
                rs->cmd_buf + rs->cmd_buf_index + 1,
                rs->cmd_buf_size - rs->cmd_buf_index - 1);
        rs->cmd_buf_size--;
    }
}

static void readline_set_line(ReadLineState *rs, const char *line)
{
    size_t len = MIN(strlen(line), READLINE_CMD_BUF_SIZE);

    memcpy(rs->cmd_buf, line, len);
    rs->cmd_buf_size = rs->cmd_buf_index = len;
}

static void readline_up_char(ReadLineState *rs)
{
    int idx;

    if (rs->hist_entry == 0) {
        return;
    }
    if (rs->hist_entry == -1) {
        for (idx = 0; idx < READLINE_MAX_CMDS && rs->history[idx]; idx++) {
        }
        rs->hist_entry = idx;
    }
    if (rs->hist_entry > 0) {
        rs->hist_entry--;
        readline_set_line(rs, rs->history[rs->hist_entry]);
    }
}

static void readline_down_char(ReadLineState *rs)
{
    if (rs->hist_entry == -1) {
        return;
    }
    if (rs->hist_entry < READLINE_MAX_CMDS - 1 &&
        rs->history[++rs->hist_entry]) {
        readline_set_line(rs, rs->history[rs->hist_entry]);
    } else {
        rs->hist_entry = -1;
        rs->cmd_buf_index = rs->cmd_buf_size = 0;
    }
}

static void readline_hist_add(ReadLineState *rs, const char *cmdline)
{
    int idx;

    if (!cmdline[0]) {
        return;
    }
    /* A line already in the history moves to its end. */
    for (idx = 0; idx < READLINE_MAX_CMDS && rs->history[idx]; idx++) {
        if (!strcmp(rs->history[idx], cmdline)) {
            char *hist = rs->history[idx];
            memmove(&rs->history[idx], &rs->history[idx + 1],
                    (READLINE_MAX_CMDS - idx - 1) * sizeof(char *));
            rs->history[READLINE_MAX_CMDS - 1] = NULL;
            for (; idx < READLINE_MAX_CMDS && rs->history[idx]; idx++) {
            }
            rs->history[idx] = hist;
            rs->hist_entry = -1;
            return;
        }
    }
    if (idx == READLINE_MAX_CMDS) {
        g_free(rs->history[0]);
        memmove(&rs->history[0], &rs->history[1],
                (READLINE_MAX_CMDS - 1) * sizeof(char *));
        idx = READLINE_MAX_CMDS - 1;
    }
    rs->history[idx] = g_strdup(cmdline);
    rs->hist_entry = -1;
}

void readline_add_completion(ReadLineState *rs, const char *str)
{
    if (rs->nb_completions < READLINE_MAX_COMPLETIONS) {
        rs->completions[rs->nb_completions++] = g_strdup(str);
    }
}

void readline_set_completion_index(ReadLineState *rs, int index)
{
    rs->completion_index = index;
}

static void readline_completion(ReadLineState *rs)
{
    g_autofree char *cmdline = g_strndup(rs->cmd_buf, rs->cmd_buf_index);
    int i, len, max_width = 0;

    rs->nb_completions = 0;
    rs->completion_finder(rs->opaque, cmdline);
    if (rs->nb_completions == 1) {
        const char *c = rs->completions[0];
        for (i = rs->completion_index; c[i]; i++) {
            readline_insert_char(rs, c[i]);
        }
        readline_insert_char(rs, ' ');
    } else if (rs->nb_completions > 1) {
        /* The common prefix, then the list. */
        len = strlen(rs->completions[0]);
        for (i = 1; i < rs->nb_completions; i++) {
            int j = 0;
            while (j < len && rs->completions[i][j] == rs->completions[0][j]) {
                j++;
            }
            len = j;
        }
        for (i = rs->completion_index; i < len; i++) {
            readline_insert_char(rs, rs->completions[0][i]);
        }
        rl_puts(rs, "\n");
        for (i = 0; i < rs->nb_completions; i++) {
            max_width = MAX(max_width, (int)strlen(rs->completions[i]));
        }
        for (i = 0; i < rs->nb_completions; i++) {
            monitor_printf(rs->mon, "%-*s%s", max_width + 2,
                           rs->completions[i],
                           (i % 4 == 3 || i == rs->nb_completions - 1)
                           ? "\n" : "");
        }
        readline_show_prompt(rs);
    }
    for (i = 0; i < rs->nb_completions; i++) {
        g_free(rs->completions[i]);
    }
    rs->nb_completions = 0;
}

static void readline_handle_enter(ReadLineState *rs)
{
    g_autofree char *line = NULL;

    rs->cmd_buf[rs->cmd_buf_size] = '\0';
    line = g_strdup(rs->cmd_buf);
    readline_hist_add(rs, line);
    rl_puts(rs, "\n");
    rs->cmd_buf_index = rs->cmd_buf_size = 0;
    rs->last_cmd_buf_index = rs->last_cmd_buf_size = 0;
    rs->readline_func(rs->opaque, line);
}

static void readline_handle_csi(ReadLineState *rs, int ch)
{
    switch (ch) {
    case 'A':
        readline_up_char(rs);
        break;
    case 'B':
        readline_down_char(rs);
        break;
    case 'C':
        if (rs->cmd_buf_index < rs->cmd_buf_size) {
            rs->cmd_buf_index++;
        }
        break;
    case 'D':
        if (rs->cmd_buf_index > 0) {
            rs->cmd_buf_index--;
        }
        break;
    case 'H':
        rs->cmd_buf_index = 0;
        break;
    case 'F':
        rs->cmd_buf_index = rs->cmd_buf_size;
        break;
    case '~':
        switch (rs->esc_param) {
        case 1:
        case 7:
            rs->cmd_buf_index = 0;
            break;
        case 3:
            readline_delete_char(rs);
            break;
        case 4:
        case 8:
            rs->cmd_buf_index = rs->cmd_buf_size;
            break;
        }
        break;
    }
}

void readline_handle_byte(ReadLineState *rs, int ch)
{
    switch (rs->esc_state) {
    case IS_NORM:
        switch (ch) {
        case 1:     /* C-a */
            rs->cmd_buf_index = 0;
            break;
        case 2:     /* C-b */
            if (rs->cmd_buf_index > 0) {
                rs->cmd_buf_index--;
            }
            break;
        case 4:     /* C-d */
            readline_delete_char(rs);
            break;
        case 5:     /* C-e */
            rs->cmd_buf_index = rs->cmd_buf_size;
            break;
        case 6:     /* C-f */
            if (rs->cmd_buf_index < rs->cmd_buf_size) {
                rs->cmd_buf_index++;
            }
            break;
        case 9:     /* Tab */
            readline_completion(rs);
            break;
        case 10:
        case 13:
            readline_handle_enter(rs);
            return;
        case 11:    /* C-k */
            rs->cmd_buf_size = rs->cmd_buf_index;
            break;
        case 14:    /* C-n */
            readline_down_char(rs);
            break;
        case 16:    /* C-p */
            readline_up_char(rs);
            break;
        case 21:    /* C-u */
            memmove(rs->cmd_buf, rs->cmd_buf + rs->cmd_buf_index,
                    rs->cmd_buf_size - rs->cmd_buf_index);
            rs->cmd_buf_size -= rs->cmd_buf_index;
            rs->cmd_buf_index = 0;
            break;
        case 27:
            rs->esc_state = IS_ESC;
            break;
        case 8:
        case 127:
            readline_backspace(rs);
            break;
        case 155:
            rs->esc_state = IS_CSI;
            rs->esc_param = 0;
            break;
        default:
            if (ch >= 32) {
                readline_insert_char(rs, ch);
            }
            break;
        }
        break;
    case IS_ESC:
        if (ch == '[') {
            rs->esc_state = IS_CSI;
            rs->esc_param = 0;
        } else if (ch == 'O') {
            rs->esc_state = IS_SS3;
            rs->esc_param = 0;
        } else {
            rs->esc_state = IS_NORM;
        }
        break;
    case IS_CSI:
        if (ch >= '0' && ch <= '9') {
            rs->esc_param = MIN(rs->esc_param * 10 + ch - '0', 1000);
            return;
        }
        readline_handle_csi(rs, ch);
        rs->esc_state = IS_NORM;
        break;
    case IS_SS3:
        rs->esc_state = IS_NORM;
        if (ch == 'F') {
            rs->cmd_buf_index = rs->cmd_buf_size;
        } else if (ch == 'H') {
            rs->cmd_buf_index = 0;
        }
        break;
    }
    readline_update(rs);
}

void readline_start(ReadLineState *rs, const char *prompt)
{
    g_strlcpy(rs->prompt, prompt, sizeof(rs->prompt));
}

ReadLineState *readline_init(ReadLineFunc *fn, ReadLineCompletionFunc *cfn,
                             Monitor *mon, void *opaque)
{
    ReadLineState *rs = g_new0(ReadLineState, 1);

    rs->hist_entry = -1;
    rs->mon = mon;
    rs->readline_func = fn;
    rs->completion_finder = cfn;
    rs->opaque = opaque;
    return rs;
}

void readline_free(ReadLineState *rs)
{
    int i;

    if (!rs) {
        return;
    }
    for (i = 0; i < READLINE_MAX_CMDS; i++) {
        g_free(rs->history[i]);
    }
    g_free(rs);
}
