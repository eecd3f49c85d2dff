/** Results files the import tests share: a valid CSV of four runs (three pretrained, one not). */
export const VALID_RESULTS_CSV = [
  'arch,pretrained,units_removed,value,source',
  'densenet121,true,0,0.861,my run 1',
  'resnet50,true,0,0.852,my run 2',
  'mobilenetv2_100,true,0,0.840,my run 3',
  'resnet50,false,0,0.821,my run 4',
].join('\n');
