/*
 * qcow2 operations that have no slot in the BlockDriver vtable yet, for
 * qemu-img (snapshot, info): call them on a node whose format is "qcow2"
 * (they fail with -ENOTSUP on any other node).
 */
#ifndef BLOCK_QCOW2_OPS_H
#define BLOCK_QCOW2_OPS_H

#include "block/block.h"

/* One internal snapshot, as QEMU's QEMUSnapshotInfo (block/snapshot.h). */
typedef struct QEMUSnapshotInfo {
    char id_str[128];
    char name[256];
    uint64_t vm_state_size;
    uint32_t date_sec;
    uint32_t date_nsec;
    uint64_t vm_clock_nsec;
    uint64_t icount;        /* UINT64_MAX: unknown */
} QEMUSnapshotInfo;

/* Snapshots of @bs into a new array (*@psn, g_free it); the count or -errno. */
int qcow2_snapshot_list(BlockDriverState *bs, QEMUSnapshotInfo **psn);
/* qemu-img snapshot -c / -a / -d (by id or name). */
int qcow2_snapshot_create(BlockDriverState *bs, const char *name,
                          Error **errp);
int qcow2_snapshot_goto(BlockDriverState *bs, const char *name,
                        Error **errp);
int qcow2_snapshot_delete(BlockDriverState *bs, const char *name,
                          Error **errp);

/*
 * The backing file name and format stored in the image header (NULL when
 * none), for qemu-img info / rebase.
 */
const char *qcow2_get_backing_file(BlockDriverState *bs);
const char *qcow2_get_backing_format(BlockDriverState *bs);
/* Cluster size in bytes, and whether the dirty bit is set. */
int qcow2_get_cluster_size(BlockDriverState *bs);
bool qcow2_is_dirty(BlockDriverState *bs);
/*
 * Change the backing file named in the header (qemu-img rebase -u,
 * commit): NULL @file removes it.
 */
int qcow2_change_backing_file(BlockDriverState *bs, const char *file,
                              const char *fmt, Error **errp);

/*
 * Whether [@offset, @offset+@bytes) starts with data of @bs itself (not of
 * its backing file): 1 yes, 0 no, for *@pnum bytes; or -errno.
 */
int qcow2_is_allocated(BlockDriverState *bs, int64_t offset, int64_t bytes,
                       int64_t *pnum);
/* Drop every cluster of the active image (qemu-img commit without -d). */
int qcow2_make_empty(BlockDriverState *bs, Error **errp);

#endif
