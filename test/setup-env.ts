// Tests log only what they assert on; structured logs stay quiet unless asked for.
process.env.OMS_LOG_LEVEL ??= 'silent';
