/** The language a question is answered in, and the reader's labels around it: Chinese in either script, or English. */
export type Language = 'zh' | 'en';
