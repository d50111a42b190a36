/*
 * two threads: independent integer work on each vCPU, a shared total
 * under a mutex, LOCK-prefixed counters, and a condition-variable
 * ping-pong between the threads (futex wait/wake through the emulator)
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>

#define ITERS 40000000
#define PINGS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static uint64_t total;
static long hits;
static int turn, pings_done;

static void *work(void *arg)
{
    uint64_t h = 0x9e3779b97f4a7c15ull * ((uintptr_t)arg + 1), acc = 0;

    for (uint32_t i = 0; i < ITERS; i++) {
        h ^= h >> 29;
        h *= 0xbf58476d1ce4e5b9ull;
        h += i;
        acc += h >> 60;
        if ((i & 4095) == 0) {
            __atomic_fetch_add(&hits, 1, __ATOMIC_SEQ_CST);
            pthread_mutex_lock(&lock);
            total += acc;
            pthread_mutex_unlock(&lock);
        }
    }
    pthread_mutex_lock(&lock);
    total += h;
    pthread_mutex_unlock(&lock);
    return NULL;
}

/* each thread waits for its turn, then hands it to the other one */
static void *pingpong(void *arg)
{
    int me = (int)(uintptr_t)arg;

    for (int i = 0; i < PINGS; i++) {
        pthread_mutex_lock(&lock);
        while (turn != me) {
            pthread_cond_wait(&cond, &lock);
        }
        turn = !me;
        pings_done++;
        pthread_cond_signal(&cond);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t t[2];

    for (uintptr_t i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, work, (void *)i);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    for (uintptr_t i = 0; i < 2; i++) {
        pthread_create(&t[i], NULL, pingpong, (void *)i);
    }
    for (int i = 0; i < 2; i++) {
        pthread_join(t[i], NULL);
    }
    printf("%llx %ld %d\n", (unsigned long long)total, hits, pings_done);
    return 0;
}
