/**
 * DICOM attributes this core reads (PS3.6 data dictionary), as dicomParser tag keys `xGGGGEEEE`.
 *
 * DATA ONLY.
 */

/** Tags by role, in dicomParser's key format. */
export const TAG = {
  transferSyntaxUid: 'x00020010',
  sopClassUid: 'x00080016',
  modality: 'x00080060',
  studyDescription: 'x00081030',
  bodyPartExamined: 'x00180015',
  viewPosition: 'x00185101',
  samplesPerPixel: 'x00280002',
  photometric: 'x00280004',
  planarConfiguration: 'x00280006',
  numberOfFrames: 'x00280008',
  rows: 'x00280010',
  columns: 'x00280011',
  bitsAllocated: 'x00280100',
  bitsStored: 'x00280101',
  highBit: 'x00280102',
  pixelRepresentation: 'x00280103',
  windowCenter: 'x00281050',
  windowWidth: 'x00281051',
  rescaleIntercept: 'x00281052',
  rescaleSlope: 'x00281053',
  pixelData: 'x7fe00010',
  floatPixelData: 'x7fe00008',
  doubleFloatPixelData: 'x7fe00009',
} as const;

/**
 * Attributes that identify a patient or a visit (a subset of the PS3.15 Annex E Basic
 * Application Level Confidentiality Profile), listed for the privacy panel.
 */
export const IDENTIFYING_TAGS = [
  { tag: 'x00100010', keyword: 'PatientName' },
  { tag: 'x00100020', keyword: 'PatientID' },
  { tag: 'x00100030', keyword: 'PatientBirthDate' },
  { tag: 'x00100040', keyword: 'PatientSex' },
  { tag: 'x00101010', keyword: 'PatientAge' },
  { tag: 'x00101000', keyword: 'OtherPatientIDs' },
  { tag: 'x00101001', keyword: 'OtherPatientNames' },
  { tag: 'x00101040', keyword: 'PatientAddress' },
  { tag: 'x00080080', keyword: 'InstitutionName' },
  { tag: 'x00080081', keyword: 'InstitutionAddress' },
  { tag: 'x00080090', keyword: 'ReferringPhysicianName' },
  { tag: 'x00081050', keyword: 'PerformingPhysicianName' },
  { tag: 'x00081070', keyword: 'OperatorsName' },
  { tag: 'x00080050', keyword: 'AccessionNumber' },
  { tag: 'x00200010', keyword: 'StudyID' },
  { tag: 'x00080020', keyword: 'StudyDate' },
  { tag: 'x00080030', keyword: 'StudyTime' },
  { tag: 'x00080021', keyword: 'SeriesDate' },
  { tag: 'x00080023', keyword: 'ContentDate' },
  { tag: 'x00081010', keyword: 'StationName' },
  { tag: 'x0020000d', keyword: 'StudyInstanceUID' },
  { tag: 'x0020000e', keyword: 'SeriesInstanceUID' },
  { tag: 'x00080018', keyword: 'SOPInstanceUID' },
] as const;
