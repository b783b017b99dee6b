/** The seed domain's public module: synthetic data (the demo, generated persons and CSV files). */
export { seedDemo } from './demo.ts';
export { seedPersons } from './persons.ts';
export { generateRegistryCsv } from './generate.ts';
export { generateCheckins, generatedPersonIds, daysBefore, type GeneratedCheckin } from './checkins.ts';
export { generateDoseRecords } from './doses.ts';
