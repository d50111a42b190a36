/*
 * qcow2: a small write-back cache of cluster-sized metadata tables (L2
 * tables, refcount blocks), least recently used out first.
 *
 * The cache never writes on its own except to evict; the order in which
 * dirty tables reach the disk is decided by qcow2_flush_metadata(), which
 * writes refcount blocks before the L2 tables that depend on them, and
 * eviction keeps the same order (see qcow2_cache_get).
 */
#include "qemu/osdep.h"
#include "qcow2.h"

void qcow2_cache_init(Qcow2Cache *c, int size, int cluster_size)
{
    c->size = size;
    c->entries = g_new0(Qcow2CacheEntry, size);
    for (int i = 0; i < size; i++) {
        c->entries[i].table = g_malloc0(cluster_size);
    }
    c->lru_counter = 0;
}

void qcow2_cache_destroy(Qcow2Cache *c)
{
    for (int i = 0; i < c->size; i++) {
        g_free(c->entries[i].table);
    }
    g_free(c->entries);
    c->entries = NULL;
    c->size = 0;
}

static Qcow2CacheEntry *cache_find_table(Qcow2Cache *c, void *table)
{
    for (int i = 0; i < c->size; i++) {
        if (c->entries[i].table == table) {
            return &c->entries[i];
        }
    }
    return NULL;
}

bool qcow2_cache_contains(Qcow2Cache *c, uint64_t offset)
{
    for (int i = 0; i < c->size; i++) {
        if (c->entries[i].offset == offset && offset) {
            return true;
        }
    }
    return false;
}

bool qcow2_cache_is_dirty(Qcow2Cache *c)
{
    for (int i = 0; i < c->size; i++) {
        if (c->entries[i].dirty) {
            return true;
        }
    }
    return false;
}

int qcow2_cache_write(BlockDriverState *bs, Qcow2Cache *c)
{
    BDRVQcow2State *s = bs->opaque;

    for (int i = 0; i < c->size; i++) {
        Qcow2CacheEntry *e = &c->entries[i];

        if (e->dirty) {
            int ret = qcow2_file_write(bs, e->offset, e->table,
                                       s->cluster_size);
            if (ret < 0) {
                return ret;
            }
            e->dirty = false;
        }
    }
    return 0;
}

int qcow2_cache_get(BlockDriverState *bs, Qcow2Cache *c, uint64_t offset,
                    void **table, bool read)
{
    BDRVQcow2State *s = bs->opaque;
    Qcow2CacheEntry *victim = NULL;
    int ret;

    for (int i = 0; i < c->size; i++) {
        Qcow2CacheEntry *e = &c->entries[i];

        if (e->offset == offset && offset) {
            e->ref++;
            e->lru = ++c->lru_counter;
            *table = e->table;
            return 0;
        }
    }
    for (int i = 0; i < c->size; i++) {
        Qcow2CacheEntry *e = &c->entries[i];

        if (e->ref == 0 && (!victim || (e->offset == 0 && victim->offset) ||
                            (!!e->offset == !!victim->offset &&
                             e->lru < victim->lru))) {
            victim = e;
        }
    }
    if (!victim) {
        return -ENOSPC;
    }
    if (victim->dirty) {
        /*
         * A refcount block may reach the disk at any time (increments come
         * before the entries that use them; decrements are applied only
         * after the L2 tables that dropped the clusters are on disk). An L2
         * table needs the refcounts and data it points to on disk first.
         */
        if (c == &s->l2_cache) {
            ret = qcow2_cache_write(bs, &s->refcount_cache);
            if (ret == 0) {
                ret = qcow2_file_flush(bs);
            }
            if (ret < 0) {
                return ret;
            }
        }
        ret = qcow2_file_write(bs, victim->offset, victim->table,
                               s->cluster_size);
        if (ret < 0) {
            return ret;
        }
        victim->dirty = false;
    }
    victim->offset = 0;
    if (read) {
        ret = qcow2_file_read(bs, offset, victim->table, s->cluster_size);
        if (ret < 0) {
            return ret;
        }
    } else {
        memset(victim->table, 0, s->cluster_size);
    }
    victim->offset = offset;
    victim->ref = 1;
    victim->dirty = false;
    victim->lru = ++c->lru_counter;
    *table = victim->table;
    return 0;
}

void qcow2_cache_put(Qcow2Cache *c, void **table)
{
    Qcow2CacheEntry *e = cache_find_table(c, *table);

    if (e && e->ref > 0) {
        e->ref--;
    }
    *table = NULL;
}

void qcow2_cache_mark_dirty(Qcow2Cache *c, void *table)
{
    Qcow2CacheEntry *e = cache_find_table(c, table);

    if (e) {
        e->dirty = true;
    }
}

/* Forget a table whose cluster was freed (its contents must not land). */
void qcow2_cache_discard(Qcow2Cache *c, uint64_t offset)
{
    for (int i = 0; i < c->size; i++) {
        Qcow2CacheEntry *e = &c->entries[i];

        if (e->offset == offset && e->ref == 0) {
            e->offset = 0;
            e->dirty = false;
        }
    }
}

void qcow2_cache_empty(Qcow2Cache *c)
{
    for (int i = 0; i < c->size; i++) {
        if (c->entries[i].ref == 0) {
            c->entries[i].offset = 0;
            c->entries[i].dirty = false;
        }
    }
}
