/*
 * The LUKS1 on-disk format, transcribed once from the "LUKS On-Disk Format
 * Specification", version 1.2.3 (Clemens Fruhwirth). All integers are
 * big endian on disk; qcrypto_block_luks_header_from_disk() and
 * qcrypto_block_luks_header_to_disk() are the only places that convert.
 */
#ifndef CRYPTO_BLOCK_LUKS_PRIV_H
#define CRYPTO_BLOCK_LUKS_PRIV_H

#include "qemu/compiler.h"
#include "crypto/block.h"

/* spec 2.4: the phdr magic "LUKS\xba\xbe" */
#define QCRYPTO_BLOCK_LUKS_MAGIC_LEN 6
/* spec 2.4: the only version described */
#define QCRYPTO_BLOCK_LUKS_VERSION 1
/* spec 2.4: LUKS_NUMKEYS */
#define QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS 8
/* spec 2.4: field sizes */
#define QCRYPTO_BLOCK_LUKS_CIPHER_NAME_LEN 32
#define QCRYPTO_BLOCK_LUKS_CIPHER_MODE_LEN 32
#define QCRYPTO_BLOCK_LUKS_HASH_SPEC_LEN 32
#define QCRYPTO_BLOCK_LUKS_DIGEST_LEN 20     /* LUKS_DIGESTSIZE */
#define QCRYPTO_BLOCK_LUKS_SALT_LEN 32       /* LUKS_SALTSIZE */
#define QCRYPTO_BLOCK_LUKS_UUID_LEN 40
/* spec 2.4: key slot "active" values */
#define QCRYPTO_BLOCK_LUKS_KEY_SLOT_ENABLED 0x00AC71F3
#define QCRYPTO_BLOCK_LUKS_KEY_SLOT_DISABLED 0x0000DEAD
/* spec 2.4: LUKS_STRIPES, the anti-forensic stripe count */
#define QCRYPTO_BLOCK_LUKS_STRIPES 4000
/* spec 2.4: offsets and lengths are counted in 512-byte sectors */
#define QCRYPTO_BLOCK_LUKS_SECTOR_SIZE 512
/* spec 2.4: LUKS_ALIGN_KEYSLOTS, key material aligned to 4 KiB */
#define QCRYPTO_BLOCK_LUKS_KEY_SLOT_ALIGN 4096
/* the first key material starts after the (4 KiB aligned) phdr */
#define QCRYPTO_BLOCK_LUKS_KEY_SLOT_OFFSET 4096
/* cryptsetup's (and QEMU's) lower bounds on PBKDF2 iterations */
#define QCRYPTO_BLOCK_LUKS_MIN_SLOT_KEY_ITERS 1000
#define QCRYPTO_BLOCK_LUKS_MIN_MASTER_KEY_ITERS 1000
/* the largest key we support: two 256-bit keys for XTS */
#define QCRYPTO_BLOCK_LUKS_MAX_KEY_LEN 64
/* default PBKDF2 time for a key slot; the master-key digest gets 1/8 */
#define QCRYPTO_BLOCK_LUKS_DEFAULT_ITER_TIME_MS 2000

extern const uint8_t qcrypto_block_luks_magic[QCRYPTO_BLOCK_LUKS_MAGIC_LEN];

/* spec 2.4, the key slot descriptor (48 bytes) */
typedef struct QEMU_PACKED QCryptoBlockLUKSKeySlot {
    uint32_t active;                    /* ENABLED or DISABLED */
    uint32_t iterations;                /* PBKDF2 iterations for this slot */
    uint8_t salt[QCRYPTO_BLOCK_LUKS_SALT_LEN]; /* PBKDF2 salt */
    uint32_t key_offset_sector;         /* start of the key material */
    uint32_t stripes;                   /* AF stripes, always 4000 */
} QCryptoBlockLUKSKeySlot;

/* spec 2.4, the partition header "phdr" (592 bytes) */
typedef struct QEMU_PACKED QCryptoBlockLUKSHeader {
    uint8_t magic[QCRYPTO_BLOCK_LUKS_MAGIC_LEN];    /* "LUKS\xba\xbe" */
    uint16_t version;                               /* 1 */
    char cipher_name[QCRYPTO_BLOCK_LUKS_CIPHER_NAME_LEN]; /* "aes" */
    char cipher_mode[QCRYPTO_BLOCK_LUKS_CIPHER_MODE_LEN]; /* "xts-plain64" */
    char hash_spec[QCRYPTO_BLOCK_LUKS_HASH_SPEC_LEN];     /* "sha256" */
    uint32_t payload_offset_sector;     /* start of the bulk data */
    uint32_t master_key_len;            /* "key-bytes" */
    uint8_t mk_digest[QCRYPTO_BLOCK_LUKS_DIGEST_LEN];     /* PBKDF2(mk) */
    uint8_t mk_digest_salt[QCRYPTO_BLOCK_LUKS_SALT_LEN];  /* its salt */
    uint32_t mk_digest_iterations;      /* its iterations */
    char uuid[QCRYPTO_BLOCK_LUKS_UUID_LEN];               /* text UUID */
    QCryptoBlockLUKSKeySlot key_slots[QCRYPTO_BLOCK_LUKS_NUM_KEY_SLOTS];
} QCryptoBlockLUKSHeader;

QEMU_BUILD_BUG_ON(sizeof(QCryptoBlockLUKSKeySlot) != 48);
QEMU_BUILD_BUG_ON(sizeof(QCryptoBlockLUKSHeader) != 592);
QEMU_BUILD_BUG_ON(offsetof(QCryptoBlockLUKSHeader, payload_offset_sector) != 104);
QEMU_BUILD_BUG_ON(offsetof(QCryptoBlockLUKSHeader, uuid) != 168);
QEMU_BUILD_BUG_ON(offsetof(QCryptoBlockLUKSHeader, key_slots) != 208);

/* The byte order conversions: on-disk big endian <-> host order. */
void qcrypto_block_luks_header_from_disk(QCryptoBlockLUKSHeader *hdr);
void qcrypto_block_luks_header_to_disk(QCryptoBlockLUKSHeader *hdr);

#endif
