// STUB — the berth CLI entry point.
process.stdout.write('berth: not yet\n');
